// The dbmate service: every dbmate command goes through here, and only here. The database
// URL reaches dbmate through the child's environment (DATABASE_URL), never its argv, and no
// password reaches the argv of the dump tools dbmate starts: PostgreSQL's goes in PGPASSWORD
// (dbmate gets a URL without it), and MySQL/MariaDB schemas are dumped by dbtk itself.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { noDatabaseUrlError, type ProjectConfig } from '../config/config.js';
import type { DbmateBinary } from './locate.js';
import { parseDbmateLine, type DbmateOutputEvent } from './output.js';
import { classifyDbmateError } from './error-classifier.js';
import { dumpMysqlSchema } from './mysql-dump.js';
import { splitPostgresCredentials } from './pg-credentials.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { dialectOf } from '../shared/dialect.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { redactSecrets, urlSecrets } from '../shared/redact.js';

export type DbmateCommand = 'new' | 'up' | 'migrate' | 'rollback' | 'status' | 'create' | 'drop' | 'wait' | 'dump' | 'load';

export interface ExecOptions {
  signal?: AbortSignal;
  onEvent?: (event: DbmateOutputEvent) => void;
  /** Overrides of global flags for this call (dump into a temp file, no schema dump…). */
  schemaFile?: string;
  noDumpSchema?: boolean;
  /** dbmate's pid, as soon as it started. */
  onSpawn?: (pid: number) => void;
}

export interface DbmateExecResult {
  command: DbmateCommand;
  exitCode: number;
  ok: boolean;
  aborted: boolean;
  events: DbmateOutputEvent[];
  /** All output, redacted, in the order it arrived. */
  raw: string;
  /** Classified error when dbmate failed. */
  error?: DbtkError;
}

interface DbmateStatusEntry {
  file: string;
  version: string;
  name: string;
  applied: boolean;
}

export interface DbmateStatus {
  files: DbmateStatusEntry[];
  applied: number;
  pending: number;
}

export class Dbmate {
  constructor(
    readonly binary: DbmateBinary,
    readonly config: ProjectConfig,
    private readonly runner: ProcessRunner,
  ) {}

  private globalArgs(options: ExecOptions): string[] {
    const args: string[] = [];
    for (const dir of this.config.migrationsDirs) args.push('--migrations-dir', dir);
    args.push('--schema-file', options.schemaFile ?? this.config.schemaFile);
    args.push('--migrations-table', this.config.migrationsTable);
    if (options.noDumpSchema ?? this.config.noDumpSchema) args.push('--no-dump-schema');
    if (this.config.wait) args.push('--wait');
    if (this.config.waitTimeout) args.push('--wait-timeout', this.config.waitTimeout);
    if (this.config.waitInterval) args.push('--wait-interval', this.config.waitInterval);
    return args;
  }

  /**
   * The child's environment: the project env plus the URL. For PostgreSQL the URL goes
   * without its password, which goes in PGPASSWORD: dbmate passes its URL to pg_dump's argv.
   */
  childEnv(): Record<string, string | undefined> {
    const env = { ...this.config.env };
    if (!this.config.url) return env;
    if (dialectOf(this.config.url, this.config.driver) !== 'postgres') {
      env.DATABASE_URL = this.config.url;
      return env;
    }
    const split = splitPostgresCredentials(this.config.url);
    env.DATABASE_URL = split.url;
    if (split.password !== undefined) env.PGPASSWORD = split.password;
    return env;
  }

  /** dbmate's MySQL driver would pass the password to mysqldump's argv: dbtk dumps those itself. */
  private get dumpsItself(): boolean {
    return dialectOf(this.config.url, this.config.driver) === 'mysql' && /^mysql:/i.test(this.config.url ?? '');
  }

  private secrets(): string[] {
    return urlSecrets(this.config.url);
  }

  private requireUrl(command: DbmateCommand): void {
    if (command === 'new' || this.config.url) return;
    throw noDatabaseUrlError(this.config, `\`${command}\``);
  }

  /** Runs one dbmate command, parsing output as it streams. Never throws for dbmate failures. */
  async exec(command: DbmateCommand, commandArgs: string[] = [], options: ExecOptions = {}): Promise<DbmateExecResult> {
    this.requireUrl(command);
    if (this.dumpsItself && command === 'dump') {
      // `dbmate --wait dump` waits for the server first; so does this.
      const waited = this.config.wait ? await this.execDbmate('wait', [], options) : undefined;
      if (waited && !waited.ok) return waited;
      return this.dumpMysql(commandArgs[0] === '--' ? commandArgs.slice(1) : commandArgs, options);
    }
    const wantsDump = !(options.noDumpSchema ?? this.config.noDumpSchema) && !commandArgs.includes('--no-dump-schema');
    if (this.dumpsItself && wantsDump && (command === 'up' || command === 'migrate' || command === 'rollback')) {
      // dbmate dumps after a successful up or rollback; here dbtk does, the same way.
      const result = await this.execDbmate(command, commandArgs, { ...options, noDumpSchema: true });
      if (!result.ok) return result;
      const dump = await this.dumpMysql([], options);
      // Like dbmate, a failed dump after migrating is silent (the run reports schema.sql not written).
      return dump.ok
        ? { ...result, events: [...result.events, ...dump.events], raw: [result.raw, dump.raw].filter(Boolean).join('\n') }
        : result;
    }
    return this.execDbmate(command, commandArgs, options);
  }

  private async execDbmate(command: DbmateCommand, commandArgs: string[], options: ExecOptions): Promise<DbmateExecResult> {
    const secrets = this.secrets();
    const events: DbmateOutputEvent[] = [];
    const rawLines: string[] = [];
    let currentFile: string | undefined;
    const result = await this.runner.run(
      {
        command: this.binary.path,
        args: [...this.globalArgs(options), command, ...commandArgs],
        env: this.childEnv(),
        cwd: this.config.cwd,
        signal: options.signal,
        onSpawn: options.onSpawn,
      },
      (line) => {
        const text = redactSecrets(line.text, secrets);
        rawLines.push(text);
        const event = parseDbmateLine(text);
        if (event.type === 'applying' || event.type === 'rolling_back') currentFile = event.file;
        events.push(event);
        options.onEvent?.(event);
      },
    );
    const raw = rawLines.join('\n');
    const ok = result.exitCode === 0 && !result.aborted;
    let error: DbtkError | undefined;
    if (result.spawnFailed) {
      error = new DbtkError('dbmate_missing', `dbmate could not be started (${this.binary.path}).`, {
        hint: 'Run `dbtk doctor`.',
        detail: result.spawnError,
      });
    } else if (result.aborted) {
      error = new DbtkError('interrupted', `dbmate ${command} was interrupted.`, {
        hint: 'Run `dbtk status` to see what was applied.',
        // What dbmate said on its way out, if anything (its progress was already shown).
        detail: redactSecrets(result.stderr, secrets).trim() || undefined,
        file: currentFile,
      });
    } else if (!ok) {
      error = classifyDbmateError(redactSecrets(result.stderr, secrets) || raw, {
        file: currentFile,
        direction: command === 'rollback' ? 'down' : 'up',
        migrationsDirs: this.config.migrationsDirs.map((dir) => path.resolve(this.config.cwd, dir)),
        migrationsTable: this.config.migrationsTable,
        exitCode: result.exitCode,
        secrets,
      });
    }
    return { command, exitCode: result.exitCode, ok, aborted: result.aborted, events, raw, error };
  }

  private async execOrThrow(command: DbmateCommand, args: string[] = [], options: ExecOptions = {}): Promise<DbmateExecResult> {
    const result = await this.exec(command, args, options);
    if (result.error) throw result.error;
    return result;
  }

  async status(options: ExecOptions = {}): Promise<DbmateStatus> {
    const result = await this.execOrThrow('status', [], options);
    const files: DbmateStatusEntry[] = [];
    let applied = 0;
    let pending = 0;
    for (const event of result.events) {
      if (event.type === 'status_line') files.push({ file: event.file, version: event.version, name: event.name, applied: event.applied });
      if (event.type === 'status_count') {
        if (event.which === 'applied') applied = event.count;
        else pending = event.count;
      }
    }
    return { files, applied, pending };
  }

  /** `dbmate new NAME`: returns the absolute path of the created file. */
  async newMigration(name: string): Promise<{ path: string; file: string }> {
    const result = await this.execOrThrow('new', [name]);
    const created = result.events.find((e) => e.type === 'created_migration');
    if (created?.type !== 'created_migration') {
      throw new DbtkError('unknown', 'dbmate did not say which file it created.', { detail: result.raw });
    }
    const full = path.resolve(this.config.cwd, created.path);
    return { path: full, file: path.basename(full) };
  }

  create(options: ExecOptions = {}) {
    return this.execOrThrow('create', [], options);
  }
  drop(options: ExecOptions = {}) {
    return this.execOrThrow('drop', [], options);
  }
  wait(options: ExecOptions = {}) {
    return this.execOrThrow('wait', [], options);
  }
  load(options: ExecOptions = {}) {
    return this.execOrThrow('load', [], options);
  }

  /** What `dbmate dump` does on MySQL/MariaDB, with the password kept out of the dump tool's argv. */
  private async dumpMysql(extraArgs: string[], options: ExecOptions): Promise<DbmateExecResult> {
    const schemaFile = options.schemaFile ?? this.config.schemaFile;
    const done = (fields: Omit<DbmateExecResult, 'command' | 'aborted'>): DbmateExecResult => ({
      command: 'dump',
      aborted: Boolean(options.signal?.aborted),
      ...fields,
    });
    try {
      const schema = await dumpMysqlSchema(this.config, this.runner, { extraArgs, signal: options.signal, onSpawn: options.onSpawn });
      const event = parseDbmateLine(`Writing: ${schemaFile}`);
      options.onEvent?.(event);
      await mkdir(path.dirname(schemaFile), { recursive: true });
      await writeFileAtomic(schemaFile, schema);
      return done({ exitCode: 0, ok: true, events: [event], raw: event.raw });
    } catch (error) {
      const secrets = this.secrets();
      const text = redactSecrets(`Error: ${error instanceof Error ? error.message : String(error)}`, secrets);
      const classified = isDbtkError(error) ? error : classifyDbmateError(text, { exitCode: 2, secrets });
      const event = parseDbmateLine(text);
      return done({ exitCode: 2, ok: false, events: [event], raw: text, error: classified });
    }
  }

  /** `dbmate dump`, into `schemaFile` when given (the project's schema.sql otherwise). */
  dump(options: ExecOptions & { extraArgs?: string[] } = {}) {
    const extra = options.extraArgs?.length ? ['--', ...options.extraArgs] : [];
    return this.execOrThrow('dump', extra, options);
  }
}
