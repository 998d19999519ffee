// Which SQL dialect a database URL speaks. Templates, the statement splitter, risk rules and
// schema-diff normalisation all key off this.

export type Dialect = 'postgres' | 'mysql' | 'sqlite' | 'clickhouse' | 'bigquery' | 'generic';

const SCHEME_DIALECTS: Record<string, Dialect> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  redshift: 'postgres',
  'spanner-postgres': 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  clickhouse: 'clickhouse',
  'clickhouse+http': 'clickhouse',
  'clickhouse+https': 'clickhouse',
  bigquery: 'bigquery',
};

export function urlScheme(url: string | undefined): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url ?? '');
  return match ? match[1].toLowerCase() : undefined;
}

/** Dialect of a dbmate URL (or of DBMATE_DRIVER when given); `generic` when unknown. */
export function dialectOf(url: string | undefined, driver?: string): Dialect {
  const scheme = (driver || urlScheme(url) || '').toLowerCase();
  return SCHEME_DIALECTS[scheme] ?? 'generic';
}

/** Human label, e.g. for headers and notes. */
export function dialectLabel(dialect: Dialect): string {
  return {
    postgres: 'PostgreSQL',
    mysql: 'MySQL/MariaDB',
    sqlite: 'SQLite',
    clickhouse: 'ClickHouse',
    bigquery: 'BigQuery',
    generic: 'generic SQL',
  }[dialect];
}
