// PostgreSQL SQLSTATE codes → dbtk error kinds. Exact codes first, then the code's class
// (its first two characters). https://www.postgresql.org/docs/current/errcodes-appendix.html

import type { ErrorKind } from '../shared/errors.js';

const POSTGRES_CODES: Readonly<Record<string, ErrorKind>> = {
  '28000': 'authentication', // invalid_authorization_specification (e.g. the login role does not exist)
  '28P01': 'authentication', // invalid_password
  '3D000': 'database_missing', // invalid_catalog_name
  '42601': 'sql_syntax', // syntax_error
  '42P07': 'already_exists', // duplicate_table (also views, sequences, indexes)
  '42P06': 'already_exists', // duplicate_schema
  '42P04': 'already_exists', // duplicate_database
  '42701': 'already_exists', // duplicate_column
  '42710': 'already_exists', // duplicate_object (role, type, constraint, trigger…)
  '42723': 'already_exists', // duplicate_function
  '42712': 'already_exists', // duplicate_alias
  '42P01': 'undefined_object', // undefined_table
  '42703': 'undefined_object', // undefined_column
  '42704': 'undefined_object', // undefined_object (role, type…)
  '42883': 'undefined_object', // undefined_function
  '3F000': 'undefined_object', // invalid_schema_name
  '42501': 'insufficient_privilege',
  '40P01': 'deadlock', // deadlock_detected
  '40001': 'deadlock', // serialization_failure: also "retry after the other transaction"
  '55P03': 'lock_timeout', // lock_not_available
  '53100': 'disk_full',
  '53300': 'too_many_connections',
  '25006': 'read_only', // read_only_sql_transaction
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23001': 'foreign_key_violation', // restrict_violation
  '23505': 'unique_violation',
  '23514': 'check_violation',
};

const POSTGRES_CLASSES: Readonly<Record<string, ErrorKind>> = {
  '22': 'data_exception',
  '23': 'constraint_violation',
  '28': 'authentication',
};

/** The kind for a SQLSTATE; some codes need the message to tell their cases apart. */
export function postgresKind(code: string, message: string): ErrorKind | undefined {
  // PostgreSQL 15+ says `extension "x" is not available` (0A000); older ones fail to open its control file (58P01).
  if ((code === '0A000' || code === '58P01') && /extension/i.test(message)) return 'missing_extension';
  if (code === '57014') return /statement timeout/i.test(message) ? 'statement_timeout' : undefined;
  return POSTGRES_CODES[code] ?? POSTGRES_CLASSES[code.slice(0, 2)];
}
