// A throw-away copy of the project's database (see README): made here, used through its URL,
// removed by `dispose()`. The real database is only read.

import type { ProjectConfig } from '../config/config.js';
import { databaseIdentity } from '../database/identity.js';
import { dialectOf } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { copyMysql } from './mysql-copy.js';
import { copyPostgres } from './postgres-copy.js';
import { copySqlite } from './sqlite-copy.js';
import { interrupted, type ScratchCopy, type ScratchOptions } from './types.js';

export type { ScratchCopy, ScratchOptions } from './types.js';

/** Makes a copy of `config.url`'s database; throws (having removed what it made) when it cannot. */
export async function createScratchCopy(config: ProjectConfig, runner: ProcessRunner, options: ScratchOptions = {}): Promise<ScratchCopy> {
  if (!config.url)
    throw new DbtkError('no_database_url', 'No database URL is set, so there is nothing to copy.', {
      hint: 'Set DATABASE_URL (environment or .env), pass --url URL, or choose a connection with -c NAME.',
    });
  const dialect = dialectOf(config.url, config.driver);
  if (options.signal?.aborted) throw interrupted();
  if (dialect === 'sqlite') return copySqlite(config, runner, options);
  checkShadow(config);
  if (dialect === 'postgres') return copyPostgres(config, runner, options);
  if (dialect === 'mysql') return copyMysql(config, runner, options);
  throw new DbtkError(
    'usage',
    `Dry runs and \`dbtk test\` need a scratch database, and dbtk can make one for SQLite, PostgreSQL and MySQL/MariaDB only (this is ${dialect}).`,
  );
}

/**
 * An EMPTY scratch database on the project's server (`<db>_dbtk_test_<random>`, the shadow
 * database emptied, or a new SQLite file in a private temporary folder), for `dbtk test`:
 * nothing of the real database is read or copied. Removed by `dispose()`.
 */
export function createEmptyScratch(
  config: ProjectConfig,
  runner: ProcessRunner,
  options: { signal?: AbortSignal } = {},
): Promise<ScratchCopy> {
  return createScratchCopy(config, runner, { signal: options.signal, empty: true });
}

/** A shadow URL that names the real database would have dbtk empty it: refused. */
function checkShadow(config: ProjectConfig): void {
  if (!config.shadowUrl) return;
  const real = databaseIdentity(config.url!, config.cwd, config.driver);
  const shadow = databaseIdentity(config.shadowUrl, config.cwd, config.driver);
  if (real.label === shadow.label)
    throw new DbtkError(
      'refused',
      `DBTK_SHADOW_URL names the project's own database (${real.label}); dbtk empties the shadow database, so it refuses.`,
      {
        hint: 'Point DBTK_SHADOW_URL at a separate, dedicated database (for example app_shadow), or unset it to let dbtk create a scratch database.',
      },
    );
  if (real.dialect !== shadow.dialect)
    throw new DbtkError('config', `DBTK_SHADOW_URL is a ${shadow.dialect} URL, but the database is ${real.dialect}.`, {
      hint: 'Use a shadow database on the same kind of server.',
    });
}
