// Issue 14: a corpus of real failures. Each case runs a failing migration (or connection)
// through dbtk's core and the real dbmate against real PostgreSQL, MariaDB and SQLite, and
// checks the kind, the database's code, its own message as detail, and the printed
// `Detail:` block. One database per dialect serves every case (unique object names and
// versions), so the corpus stays fast; one case per dialect also runs the real binary.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines } from '../../src/cli/output.js';
import { openProject } from '../../src/core/project/project.js';
import { serializeError, type DbtkError, type ErrorKind } from '../../src/core/shared/errors.js';
import { availableTargets, type TestDatabase, type TestDialect } from '../helpers/databases.js';
import { makeTempProject, runDbtk } from '../helpers/project.js';

interface Case {
  name: string;
  kind: ErrorKind;
  /** The database's code; null when the database gives none (TLS, sqlite file errors). */
  code: string | RegExp | null;
  /** What the database's own message (the detail) says. */
  says: RegExp;
  up?: string;
  /** A whole file instead of `up` (several up/down pairs). */
  file?: string;
  options?: string;
  url?: (db: TestDatabase) => string;
  command?: 'up' | 'migrate';
  /** Runs beside the migration (holds a lock, opens a connection…); awaited after it. */
  during?: () => Promise<() => Promise<void>>;
  /** The file line the database pointed at. */
  line?: number;
}

const suffix = randomBytes(3).toString('hex');
const role = (name: string) => `dbtk_${name}_${suffix}`;

const targets = await availableTargets();
const target = (dialect: TestDialect) => targets.find((t) => t.dialect === dialect);

let version = 0;
/** Runs one case in a fresh project on `url`; returns the error dbtk reports. */
async function failure(url: string, c: Case): Promise<DbtkError> {
  const project = makeTempProject('dbtk-corpus-');
  const v = `2030${String(++version).padStart(10, '0')}`;
  if (c.file !== undefined) project.writeFile(path.join('db', 'migrations', `${v}_case.sql`), c.file);
  else if (c.up !== undefined) project.addMigration(v, 'case', c.up, '', c.options);
  const release = c.during ? await c.during() : undefined;
  try {
    const dbtk = await openProject({ cwd: project.dir, url, noDumpSchema: true, env: { PATH: process.env.PATH } });
    const result = await dbtk.execute(await dbtk.planUp({ command: c.command ?? 'up' }));
    if (!result.error) throw new Error(`${c.name}: the migration did not fail`);
    return result.error;
  } catch (error) {
    if ((error as DbtkError).name === 'DbtkError') return error as DbtkError;
    throw error;
  } finally {
    await release?.();
  }
}

function expectCase(error: DbtkError, c: Case): void {
  const serialized = serializeError(error);
  expect(serialized, c.name).toMatchObject({ kind: c.kind });
  if (c.code === null) expect(serialized.code, c.name).toBeUndefined();
  else expect(serialized.code, c.name).toMatch(c.code);
  expect(serialized.detail, c.name).toMatch(c.says);
  expect(serialized.hint, c.name).toBeTruthy();
  if (c.line !== undefined) expect(serialized.line, c.name).toBe(c.line);
  const printed = errorLines(serialized).join('\n');
  expect(printed).toMatch(/\nDetail:\n {2}/);
  expect(printed).toContain(serialized.detail!.split('\n')[0]);
  if (serialized.code) expect(printed).toContain(`code ${serialized.code}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves once `probe` holds (polled; the bound only ends a hang). */
async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the migration to reach its sleep');
    await sleep(20);
  }
}

// ---------------------------------------------------------------------------------------
const pg = target('postgres');
describe.skipIf(!pg)('PostgreSQL failures', () => {
  let db: TestDatabase;
  let admin: import('pg').Client;
  const base = () => db.url.replace(/\?.*$/, '');
  const as = (user: string) => base().replace('postgres@', `${user}@`) + '?sslmode=disable';

  beforeAll(async () => {
    db = await pg!.createDatabase();
    const { default: pgLib } = await import('pg');
    admin = new pgLib.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`
      CREATE TABLE p_locked (id int);
      CREATE TABLE p_dl1 (id int);
      CREATE TABLE p_dl2 (id int);
      CREATE TABLE p_secret (id int);
      CREATE ROLE ${role('lim')} LOGIN;
      CREATE ROLE ${role('nc')} LOGIN CONNECTION LIMIT 0;
      GRANT USAGE, CREATE ON SCHEMA public TO ${role('lim')};
      CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY);
      GRANT SELECT, INSERT, DELETE ON schema_migrations TO ${role('lim')};
    `);
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
    const { default: pgLib } = await import('pg');
    const cleanup = new pgLib.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await cleanup.connect();
    for (const name of ['lim', 'nc']) await cleanup.query(`DROP ROLE IF EXISTS ${role(name)}`);
    await cleanup.end();
  });

  const session = async () => {
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: db.url });
    await client.connect();
    return client;
  };

  const cases: Case[] = [
    {
      name: 'table already exists',
      kind: 'already_exists',
      code: '42P07',
      says: /relation "p_ae" already exists/,
      up: 'CREATE TABLE p_ae (id int);\nCREATE TABLE p_ae (id int);',
    },
    {
      name: 'column already exists',
      kind: 'already_exists',
      code: '42701',
      says: /already exists/,
      up: 'CREATE TABLE p_ac (id int);\nALTER TABLE p_ac ADD COLUMN id int;',
    },
    {
      name: 'undefined table',
      kind: 'undefined_object',
      code: '42P01',
      says: /relation "p_nope" does not exist/,
      up: 'SELECT * FROM p_nope;',
      line: 2,
    },
    {
      name: 'undefined column',
      kind: 'undefined_object',
      code: '42703',
      says: /column "nocol" does not exist/,
      up: 'CREATE TABLE p_uc (id int);\nSELECT nocol FROM p_uc;',
      line: 3,
    },
    {
      name: 'undefined schema',
      kind: 'undefined_object',
      code: '3F000',
      says: /schema "auth" does not exist/,
      up: 'CREATE TABLE auth.users (id int);',
    },
    {
      name: 'undefined role',
      kind: 'undefined_object',
      code: '42704',
      says: /role ".*" does not exist/,
      up: `CREATE TABLE p_ur (id int);\nGRANT SELECT ON p_ur TO ${role('ghost')};`,
    },
    {
      name: 'undefined function',
      kind: 'undefined_object',
      code: '42883',
      says: /function p_nofn\(integer\) does not exist/,
      up: 'SELECT p_nofn(1);',
    },
    {
      name: 'undefined type',
      kind: 'undefined_object',
      code: '42704',
      says: /type "p_notype" does not exist/,
      up: 'CREATE TABLE p_ut (\n  id int,\n  a p_notype\n);',
      line: 4,
    },
    {
      name: 'missing extension',
      kind: 'missing_extension',
      code: /^(0A000|58P01)$/,
      says: /extension/,
      up: 'CREATE EXTENSION dbtk_no_such_extension;',
    },
    { name: 'syntax error', kind: 'sql_syntax', code: '42601', says: /syntax error at or near "CREAT"/, up: 'CREAT TABLE p_se (id int);' },
    {
      name: 'unique violation',
      kind: 'unique_violation',
      code: '23505',
      says: /duplicate key value violates unique constraint/,
      up: "CREATE TABLE p_uv (e text UNIQUE);\nINSERT INTO p_uv VALUES ('a'), ('a');",
    },
    {
      name: 'foreign key violation',
      kind: 'foreign_key_violation',
      code: '23503',
      says: /violates foreign key constraint/,
      up: 'CREATE TABLE p_fp (id int PRIMARY KEY);\nCREATE TABLE p_fc (p int REFERENCES p_fp (id));\nINSERT INTO p_fc VALUES (1);',
    },
    {
      name: 'not-null violation',
      kind: 'not_null_violation',
      code: '23502',
      says: /violates not-null constraint/,
      up: 'CREATE TABLE p_nn (v int NOT NULL);\nINSERT INTO p_nn VALUES (NULL);',
    },
    {
      name: 'check violation',
      kind: 'check_violation',
      code: '23514',
      says: /violates check constraint/,
      up: 'CREATE TABLE p_ck (v int CHECK (v > 0));\nINSERT INTO p_ck VALUES (-1);',
    },
    {
      name: 'bad cast',
      kind: 'data_exception',
      code: '22P02',
      says: /invalid input syntax for type integer: "abc"/,
      up: "SELECT 'abc'::int;",
    },
    { name: 'division by zero', kind: 'data_exception', code: '22012', says: /division by zero/, up: 'SELECT 1 / 0;' },
    {
      name: 'statement timeout',
      kind: 'statement_timeout',
      code: '57014',
      says: /statement timeout/,
      up: "SET LOCAL statement_timeout = '50ms';\nSELECT pg_sleep(2);",
    },
    {
      name: 'read-only transaction',
      kind: 'read_only',
      code: '25006',
      says: /read-only transaction/,
      up: 'SET transaction_read_only = on;\nCREATE TABLE p_ro (id int);',
    },
    {
      name: 'lock timeout (another session holds the table)',
      kind: 'lock_timeout',
      code: '55P03',
      says: /lock timeout/,
      up: "SET LOCAL lock_timeout = '100ms';\nALTER TABLE p_locked ADD COLUMN x int;",
      during: async () => {
        const holder = await session();
        await holder.query('BEGIN; LOCK TABLE p_locked;');
        return async () => {
          await holder.query('COMMIT');
          await holder.end();
        };
      },
    },
    {
      name: 'deadlock with another session',
      kind: 'deadlock',
      code: '40P01',
      says: /deadlock detected/,
      // The migration checks for deadlocks first (100ms), so it is the one cancelled.
      up: "SET LOCAL deadlock_timeout = '100ms';\nLOCK TABLE p_dl2;\nSELECT pg_sleep(1.5);\nLOCK TABLE p_dl1;",
      during: async () => {
        const other = await session();
        await other.query('BEGIN; LOCK TABLE p_dl1;');
        // Only once the migration holds p_dl2 (it is in its sleep): a fixed delay loses the race on a loaded machine.
        const inSleep = () =>
          admin
            .query("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()")
            .then((r) => r.rowCount! > 0);
        const second = until(inSleep).then(() => other.query('LOCK TABLE p_dl2'));
        return async () => {
          await second;
          await other.query('COMMIT');
          await other.end();
        };
      },
    },
    {
      name: 'insufficient privilege',
      kind: 'insufficient_privilege',
      code: '42501',
      says: /permission denied for table p_secret/,
      up: 'SELECT * FROM p_secret;',
      url: () => as(role('lim')),
    },
    {
      name: 'migration recorded twice (two up/down pairs)',
      kind: 'migration_recorded_twice',
      code: '23505',
      says: /schema_migrations_pkey/,
      file: '-- migrate:up\nCREATE TABLE p_pair1 (id int);\n-- migrate:down\nDROP TABLE p_pair1;\n\n-- migrate:up\nCREATE TABLE p_pair2 (id int);\n-- migrate:down\nDROP TABLE p_pair2;\n',
    },
    {
      name: 'SSL asked of a server without TLS',
      kind: 'ssl',
      code: null,
      says: /SSL is not enabled on the server/,
      up: 'SELECT 1;',
      url: () => base(),
    },
    {
      name: 'login role does not exist',
      kind: 'authentication',
      code: '28000',
      says: /role ".*" does not exist/,
      up: 'SELECT 1;',
      url: () => as(role('nobody')),
    },
    {
      name: 'too many connections for the role',
      kind: 'too_many_connections',
      code: '53300',
      says: /too many connections/,
      up: 'SELECT 1;',
      url: () => as(role('nc')),
    },
    {
      name: 'database does not exist (migrate)',
      kind: 'database_missing',
      code: '3D000',
      says: /does not exist/,
      up: 'SELECT 1;',
      command: 'migrate',
      url: () => `${base()}_missing?sslmode=disable`,
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expectCase(await failure(c.url?.(db) ?? db.url, c), c);
  });

  it('the real binary prints the Detail block, and the role hint', async () => {
    const project = makeTempProject();
    project.addMigration('20300201000000', 'grant', `GRANT SELECT ON p_secret TO ${role('ghost2')};`);
    const run = await runDbtk(['up'], { cwd: project.dir, env: { DATABASE_URL: db.url, DBMATE_NO_DUMP_SCHEMA: 'true' } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Fix: Create the role, or run the migration that creates it first.');
    expect(run.stderr).toMatch(/Detail:\n {2}role "dbtk_ghost2_\w+" does not exist\n {2}code 42704/);
    expect(run.stderr).not.toMatch(/detail below/i);
  });
});

// ---------------------------------------------------------------------------------------
const maria = target('mysql');
describe.skipIf(!maria)('MariaDB failures', () => {
  let db: TestDatabase;
  let admin: import('mysql2/promise').Connection;
  const connect = async () =>
    (await import('mysql2/promise')).createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: db.name });
  const as = (user: string) => db.url.replace('root@', `${user}@`);

  beforeAll(async () => {
    db = await maria!.createDatabase();
    admin = await connect();
    await admin.query(`CREATE TABLE m_rows (id int PRIMARY KEY, v int) ENGINE=InnoDB`);
    await admin.query(`INSERT INTO m_rows VALUES (1, 1), (2, 2)`);
    await admin.query(`CREATE TABLE m_heavy (id int AUTO_INCREMENT PRIMARY KEY, x int) ENGINE=InnoDB`);
    await admin.query(`CREATE USER '${role('lim')}'@'%'`);
    await admin.query(`GRANT SELECT, INSERT ON \`${db.name}\`.* TO '${role('lim')}'@'%'`);
    await admin.query(`CREATE USER '${role('nc')}'@'%' WITH MAX_USER_CONNECTIONS 1`);
    await admin.query(`GRANT ALL ON \`${db.name}\`.* TO '${role('nc')}'@'%'`);
  });
  afterAll(async () => {
    for (const name of ['lim', 'nc']) await admin?.query(`DROP USER IF EXISTS '${role(name)}'@'%'`);
    await admin?.end();
    await db?.drop();
  });

  const cases: Case[] = [
    {
      name: 'table already exists',
      kind: 'already_exists',
      code: '1050 (42S01)',
      says: /Table 'm_ae' already exists/,
      up: 'CREATE TABLE m_ae (id int);\nCREATE TABLE m_ae (id int);',
    },
    {
      name: 'duplicate column',
      kind: 'already_exists',
      code: '1060 (42S21)',
      says: /Duplicate column name 'id'/,
      up: 'CREATE TABLE m_dc (id int);\nALTER TABLE m_dc ADD COLUMN id int;',
    },
    { name: 'undefined table', kind: 'undefined_object', code: '1146 (42S02)', says: /m_nope' doesn't exist/, up: 'SELECT * FROM m_nope;' },
    {
      name: 'undefined column',
      kind: 'undefined_object',
      code: '1054 (42S22)',
      says: /Unknown column 'nocol'/,
      up: 'SELECT nocol FROM m_rows;',
    },
    { name: 'undefined function', kind: 'undefined_object', code: '1305 (42000)', says: /m_nofn does not exist/, up: 'SELECT m_nofn(1);' },
    {
      name: 'undefined type',
      kind: 'undefined_object',
      code: '4161 (HY000)',
      says: /Unknown data type: 'm_notype'/,
      up: 'CREATE TABLE m_ut (a m_notype);',
    },
    {
      name: 'undefined schema',
      kind: 'undefined_object',
      code: '1049 (42000)',
      says: /Unknown database/,
      up: `CREATE TABLE dbtk_no_schema_${suffix}.t (id int);`,
    },
    {
      name: 'syntax error',
      kind: 'sql_syntax',
      code: '1064 (42000)',
      says: /You have an error in your SQL syntax/,
      up: 'CREAT TABLE m_se (id int);',
    },
    {
      name: 'unique violation',
      kind: 'unique_violation',
      code: '1062 (23000)',
      says: /Duplicate entry 'a'/,
      up: "CREATE TABLE m_uv (e varchar(10) UNIQUE);\nINSERT INTO m_uv VALUES ('a'), ('a');",
    },
    {
      name: 'foreign key violation',
      kind: 'foreign_key_violation',
      code: '1452 (23000)',
      says: /a foreign key constraint fails/,
      up: 'CREATE TABLE m_fp (id int PRIMARY KEY) ENGINE=InnoDB;\nCREATE TABLE m_fc (p int, FOREIGN KEY (p) REFERENCES m_fp (id)) ENGINE=InnoDB;\nINSERT INTO m_fc VALUES (1);',
    },
    {
      name: 'not-null violation',
      kind: 'not_null_violation',
      code: '1048 (23000)',
      says: /Column 'v' cannot be null/,
      up: 'CREATE TABLE m_nn (v int NOT NULL);\nINSERT INTO m_nn VALUES (NULL);',
    },
    {
      name: 'check violation',
      kind: 'check_violation',
      code: /^(4025|3819) \(/,
      says: /m_ck|check constraint/i,
      up: 'CREATE TABLE m_ck (v int CHECK (v > 0));\nINSERT INTO m_ck VALUES (-1);',
    },
    {
      name: 'bad value (strict mode)',
      kind: 'data_exception',
      code: '1366 (22007)',
      says: /Incorrect integer value: 'abc'/,
      up: "SET SESSION sql_mode = 'STRICT_ALL_TABLES';\nCREATE TABLE m_bv (v int);\nINSERT INTO m_bv VALUES ('abc');",
    },
    {
      name: 'division by zero (strict mode)',
      kind: 'data_exception',
      code: '1365 (22012)',
      says: /Division by 0/,
      up: "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO';\nCREATE TABLE m_dz (v int);\nINSERT INTO m_dz VALUES (1 / 0);",
    },
    {
      name: 'statement timeout',
      kind: 'statement_timeout',
      code: '1969 (70100)',
      says: /max_statement_time exceeded/,
      up: 'SET STATEMENT max_statement_time = 0.01 FOR SELECT SLEEP(2) FROM seq_1_to_2;',
    },
    {
      name: 'read-only transaction',
      kind: 'read_only',
      code: '1792 (25006)',
      says: /READ ONLY transaction/,
      up: 'SET SESSION TRANSACTION READ ONLY;\nCREATE TABLE m_ro (id int);',
    },
    {
      name: 'lock wait timeout (another session holds the row)',
      kind: 'lock_timeout',
      code: '1205 (HY000)',
      says: /Lock wait timeout exceeded/,
      up: 'SET SESSION innodb_lock_wait_timeout = 1;\nUPDATE m_rows SET v = v + 1 WHERE id = 1;',
      during: async () => {
        const holder = await connect();
        await holder.query('BEGIN');
        await holder.query('SELECT * FROM m_rows WHERE id = 1 FOR UPDATE');
        return async () => {
          await holder.query('COMMIT');
          await holder.end();
        };
      },
    },
    {
      name: 'deadlock with another session',
      kind: 'deadlock',
      code: '1213 (40001)',
      says: /Deadlock found/,
      // The other session has written far more rows, so InnoDB cancels the migration.
      up: 'UPDATE m_rows SET v = v + 1 WHERE id = 1;\nDO SLEEP(1.5);\nUPDATE m_rows SET v = v + 1 WHERE id = 2;',
      during: async () => {
        const other = await connect();
        await other.query('BEGIN');
        await other.query('INSERT INTO m_heavy (x) SELECT seq FROM seq_1_to_2000');
        await other.query('UPDATE m_rows SET v = v + 1 WHERE id = 2');
        // Only once the migration holds row 1 (it is in its sleep): a fixed delay loses the race on a loaded machine.
        const inSleep = () =>
          admin
            .query("SELECT 1 FROM information_schema.PROCESSLIST WHERE STATE = 'User sleep' AND DB = DATABASE()")
            .then(([rows]) => (rows as unknown[]).length > 0);
        const second = until(inSleep).then(() => other.query('UPDATE m_rows SET v = v + 1 WHERE id = 1'));
        return async () => {
          await second.catch(() => undefined);
          await other.query('ROLLBACK');
          await other.end();
        };
      },
    },
    {
      name: 'insufficient privilege',
      kind: 'insufficient_privilege',
      code: '1142 (42000)',
      says: /command denied/,
      up: 'CREATE TABLE m_priv (id int);',
      url: () => as(role('lim')),
    },
    {
      name: 'wrong password',
      kind: 'authentication',
      code: '1045 (28000)',
      says: /Access denied for user/,
      up: 'SELECT 1;',
      url: () => db.url.replace('root@', 'root:wrong@'),
    },
    {
      name: 'too many connections for the user',
      kind: 'too_many_connections',
      code: '1226 (42000)',
      says: /max_user_connections/,
      up: 'SELECT 1;',
      url: () => as(role('nc')),
      during: async () => {
        const mysql = await import('mysql2/promise');
        const held = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: role('nc'), database: db.name });
        return () => held.end();
      },
    },
    {
      name: 'migration recorded twice (two up/down pairs)',
      kind: 'migration_recorded_twice',
      code: '1062 (23000)',
      says: /Duplicate entry '\d+' for key/,
      file: '-- migrate:up\nCREATE TABLE m_pair1 (id int);\n-- migrate:down\nDROP TABLE m_pair1;\n\n-- migrate:up\nCREATE TABLE m_pair2 (id int);\n-- migrate:down\nDROP TABLE m_pair2;\n',
    },
    {
      name: 'TLS asked of a server without it',
      kind: 'ssl',
      code: null,
      says: /TLS requested but server does not support TLS/,
      up: 'SELECT 1;',
      url: () => `${db.url}?tls=true`,
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expectCase(await failure(c.url?.(db) ?? db.url, c), c);
  });

  it('the real binary prints the Detail block', async () => {
    const project = makeTempProject();
    project.addMigration('20300201000000', 'exists', 'CREATE TABLE m_rows (id int);');
    const run = await runDbtk(['up'], { cwd: project.dir, env: { DATABASE_URL: db.url, DBMATE_NO_DUMP_SCHEMA: 'true' } });
    expect(run.stderr).toMatch(/Error: 20300201000000_exists\.sql: The migration creates something that already exists\./);
    expect(run.stderr).toMatch(/Detail:\n {2}Table 'm_rows' already exists\n {2}code 1050 \(42S01\)/);
  });
});

// ---------------------------------------------------------------------------------------
describe('SQLite failures', () => {
  let db: TestDatabase;
  let file: string;
  beforeAll(async () => {
    db = await target('sqlite')!.createDatabase();
    file = db.url.slice('sqlite:'.length);
  });

  /** A sqlite3 shell holding a write (RESERVED) lock until released. */
  async function holdWriteLock(): Promise<() => Promise<void>> {
    const shell: ChildProcessWithoutNullStreams = spawn('sqlite3', [file]);
    const ready = new Promise<void>((resolve) => shell.stdout.once('data', () => resolve()));
    shell.stdin.write("BEGIN IMMEDIATE;\nCREATE TABLE IF NOT EXISTS s_lock (x);\nSELECT 'locked';\n");
    await ready;
    return async () => {
      const closed = new Promise((resolve) => shell.once('close', resolve));
      shell.stdin.end('COMMIT;\n');
      await closed;
    };
  }

  const cases: Case[] = [
    {
      name: 'table already exists',
      kind: 'already_exists',
      code: 'SQLITE_ERROR',
      says: /table s_ae already exists/,
      up: 'CREATE TABLE s_ae (id);\nCREATE TABLE s_ae (id);',
    },
    {
      name: 'duplicate column',
      kind: 'already_exists',
      code: 'SQLITE_ERROR',
      says: /duplicate column name: id/,
      up: 'CREATE TABLE s_dc (id);\nALTER TABLE s_dc ADD COLUMN id;',
    },
    { name: 'undefined table', kind: 'undefined_object', code: 'SQLITE_ERROR', says: /no such table: s_nope/, up: 'SELECT * FROM s_nope;' },
    {
      name: 'undefined column',
      kind: 'undefined_object',
      code: 'SQLITE_ERROR',
      says: /no such column: nocol/,
      up: 'CREATE TABLE s_uc (id);\nSELECT nocol FROM s_uc;',
    },
    {
      name: 'undefined function',
      kind: 'undefined_object',
      code: 'SQLITE_ERROR',
      says: /no such function: s_nofn/,
      up: 'SELECT s_nofn(1);',
    },
    {
      name: 'missing module (extension)',
      kind: 'missing_extension',
      code: 'SQLITE_ERROR',
      says: /no such module: dbtk_no_module/,
      up: 'CREATE VIRTUAL TABLE s_vt USING dbtk_no_module(x);',
    },
    { name: 'syntax error', kind: 'sql_syntax', code: 'SQLITE_ERROR', says: /near "CREAT": syntax error/, up: 'CREAT TABLE s_se (id);' },
    { name: 'incomplete input', kind: 'sql_syntax', code: 'SQLITE_ERROR', says: /incomplete input/, up: 'CREATE TABLE s_ii (id' },
    {
      name: 'unique violation',
      kind: 'unique_violation',
      code: 'SQLITE_CONSTRAINT_UNIQUE',
      says: /UNIQUE constraint failed: s_uv.e/,
      up: "CREATE TABLE s_uv (e TEXT UNIQUE);\nINSERT INTO s_uv VALUES ('a'), ('a');",
    },
    {
      name: 'not-null violation',
      kind: 'not_null_violation',
      code: 'SQLITE_CONSTRAINT_NOTNULL',
      says: /NOT NULL constraint failed: s_nn.v/,
      up: 'CREATE TABLE s_nn (v NOT NULL);\nINSERT INTO s_nn VALUES (NULL);',
    },
    {
      name: 'check violation',
      kind: 'check_violation',
      code: 'SQLITE_CONSTRAINT_CHECK',
      says: /CHECK constraint failed/,
      up: 'CREATE TABLE s_ck (v CHECK (v > 0));\nINSERT INTO s_ck VALUES (-1);',
    },
    {
      name: 'foreign key violation',
      kind: 'foreign_key_violation',
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      says: /FOREIGN KEY constraint failed/,
      options: 'transaction:false',
      up: 'PRAGMA foreign_keys = ON;\nCREATE TABLE s_fp (id INTEGER PRIMARY KEY);\nCREATE TABLE s_fc (p INTEGER REFERENCES s_fp (id));\nINSERT INTO s_fc VALUES (1);',
    },
    {
      name: 'wrong type in a STRICT table',
      kind: 'data_exception',
      code: 'SQLITE_CONSTRAINT_DATATYPE',
      says: /cannot store TEXT value in INTEGER column/,
      up: "CREATE TABLE s_st (i INTEGER) STRICT;\nINSERT INTO s_st VALUES ('abc');",
    },
    {
      name: 'integer overflow',
      kind: 'data_exception',
      code: 'SQLITE_MISMATCH',
      says: /integer overflow/,
      up: 'SELECT abs(-9223372036854775808);',
    },
    {
      name: 'database full (page limit)',
      kind: 'disk_full',
      code: 'SQLITE_FULL',
      says: /database or disk is full/,
      up: 'PRAGMA max_page_count = 1;\nCREATE TABLE s_full (x);\nINSERT INTO s_full VALUES (randomblob(100000));',
    },
    {
      name: 'read-only connection',
      kind: 'read_only',
      code: 'SQLITE_READONLY',
      says: /attempt to write a readonly database/,
      up: 'PRAGMA query_only = 1;\nCREATE TABLE s_ro (id);',
      options: 'transaction:false',
    },
    {
      name: 'migration recorded twice (two up/down pairs)',
      kind: 'migration_recorded_twice',
      code: 'SQLITE_CONSTRAINT_UNIQUE',
      says: /schema_migrations.version/,
      file: '-- migrate:up\nCREATE TABLE s_pair1 (id);\n-- migrate:down\nDROP TABLE s_pair1;\n\n-- migrate:up\nCREATE TABLE s_pair2 (id);\n-- migrate:down\nDROP TABLE s_pair2;\n',
    },
    {
      name: 'database locked by another process',
      kind: 'lock_timeout',
      code: 'SQLITE_BUSY',
      says: /database is locked/,
      options: 'transaction:false',
      up: 'PRAGMA busy_timeout = 0;\nCREATE TABLE s_busy (id);',
      during: holdWriteLock,
    },
    {
      name: 'database file cannot be opened',
      kind: 'database_missing',
      code: 'SQLITE_CANTOPEN',
      says: /unable to open database file/,
      up: 'SELECT 1;',
      command: 'migrate',
      url: () => `sqlite:/nonexistent-${suffix}/db.sqlite3`,
    },
  ];

  // Sequential: the lock case must not block its neighbours.
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expectCase(await failure(c.url?.(db) ?? db.url, c), c);
  });

  it('a missing folder, an empty folder and a file without -- migrate:down say what they are', async () => {
    const empty = makeTempProject();
    const none = await runDbtk(['up'], { cwd: empty.dir, env: { DATABASE_URL: db.url } });
    expect(none.stderr).toMatch(/The migrations folder has no migration files\./);
    expect(none.stderr).toMatch(/Fix: Create one with `dbtk new NAME`/);
    const missing = await runDbtk(['-d', 'db/nowhere', 'up'], { cwd: empty.dir, env: { DATABASE_URL: db.url } });
    expect(missing.stderr).toMatch(/The migrations folder does not exist\./);
    const noDown = makeTempProject();
    noDown.writeFile('db/migrations/20300301000000_no_down.sql', '-- migrate:up\nCREATE TABLE s_nd (id);\n');
    const run = await runDbtk(['up'], { cwd: noDown.dir, env: { DATABASE_URL: db.url } });
    // Refused by dbtk's preflight before dbmate or the database is asked: no database words to show.
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/20300301000000_no_down\.sql: no "-- migrate:down" line/);
    expect(run.stderr).not.toMatch(/detail below/i);
    for (const output of [none.stderr, missing.stderr]) {
      expect(output).toMatch(/Detail:\n {2}\S/);
      expect(output).not.toMatch(/detail below/i);
    }
  });
});
