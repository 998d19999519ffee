// `dbtk test` on SQLite reads the scratch database's state ~6 times per migration (its schema
// after each step, its applied versions after each step). One sqlite3 shell kept open for the
// whole test answers them, instead of a `dbmate dump` (dbmate + sqlite3) or a sqlite3 process
// each time: the same reads (`.schema --nosys`, the migrations table), the same text as dbmate's
// dump, a third of the processes. Any failure answers undefined, and the caller reads the
// usual way (a runner without sessions, a file not yet created, a shell that died).

import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ProcessRunner, ProcessSession } from '../shared/process-runner.js';

export class SqliteStateReader {
  private session: ProcessSession | undefined;
  private broken = false;
  private readonly marker = `__dbtk_${randomUUID().replace(/-/g, '')}__`;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly file: string,
    private readonly migrationsTable: string,
    private readonly env: { PATH?: string; cwd: string },
  ) {
    // A schema-qualified migrations table (`main.t`) is left to the usual reads.
    if (!runner.session || migrationsTable.includes('.')) this.broken = true;
  }

  private async ask(input: string): Promise<string | undefined> {
    if (this.broken || !existsSync(this.file)) return undefined;
    try {
      this.session ??= this.runner.session!({
        command: 'sqlite3',
        args: ['-readonly', '-noheader', '-list', '-cmd', '.timeout 5000', this.file],
        env: { PATH: this.env.PATH },
        cwd: this.env.cwd,
      });
      const answer = await this.session.exchange(`${input}\n.print ${this.marker}\n`, this.marker);
      if (answer.stderr.trim() !== '') throw new Error(answer.stderr);
      return answer.stdout;
    } catch {
      return this.fail();
    }
  }

  /** From now on the usual reads answer. */
  private fail(): undefined {
    this.broken = true;
    this.close();
    return undefined;
  }

  /** The applied versions, in order (empty without a migrations table), or undefined. */
  async versions(): Promise<string[] | undefined> {
    const table = this.migrationsTable.replace(/'/g, "''");
    // Asked first so that the read cannot fail: sqlite3's errors come on stderr, not in step with its output.
    const shape = await this.ask(
      `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '${table}'), (SELECT count(*) FROM pragma_table_info('${table}') WHERE name = 'version');`,
    );
    if (shape === undefined) return undefined;
    if (shape.trim() === '0|0') return [];
    if (shape.trim() !== '1|1') return this.fail();
    const out = await this.ask(`SELECT version FROM ${this.quotedTable()} ORDER BY version ASC;`);
    return out?.split('\n').filter(Boolean);
  }

  /** The schema as `dbmate dump` writes it for SQLite (`.schema --nosys`, then the applied versions), or undefined. */
  async dump(): Promise<string | undefined> {
    const schema = await this.ask('.schema --nosys');
    if (schema === undefined) return undefined;
    const versions = await this.versions();
    if (versions === undefined) return undefined;
    const rows = versions.map((v) => `  ('${v.replace(/'/g, "''")}')`).join(',\n');
    return `${schema}-- Dbmate schema migrations\n${versions.length ? `INSERT INTO ${this.quotedTable()} (version) VALUES\n${rows};\n` : ''}`;
  }

  private quotedTable(): string {
    return `"${this.migrationsTable.replace(/"/g, '""')}"`;
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }
}
