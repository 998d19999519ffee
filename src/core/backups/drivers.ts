// The backup driver of each dialect dbtk can back up.

import type { Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import { mysqlDriver } from './mysql-driver.js';
import { postgresDriver } from './postgres-driver.js';
import { sqliteDriver } from './sqlite-driver.js';
import type { BackupDriver } from './types.js';

const DRIVERS: Partial<Record<Dialect, BackupDriver>> = { sqlite: sqliteDriver, postgres: postgresDriver, mysql: mysqlDriver };

export function backupDriver(dialect: Dialect): BackupDriver {
  const driver = DRIVERS[dialect];
  if (!driver)
    throw new DbtkError('usage', `dbtk cannot back up ${dialect} databases (only SQLite, PostgreSQL and MySQL/MariaDB).`, {
      hint: 'Turn automatic backups off for this project ({"backups": {"enabled": false}}) or pass --no-backup, and back it up with its own tools.',
    });
  return driver;
}

export function canBackUp(dialect: Dialect): boolean {
  return Boolean(DRIVERS[dialect]);
}
