// MySQL/MariaDB error numbers → dbtk error kinds; the SQLSTATE beside the number is used only
// when the number is not listed (28000, for one, is both a wrong password and a missing user).
// https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html, https://mariadb.com/kb/en/mariadb-error-codes/

import type { ErrorKind } from '../shared/errors.js';

const MYSQL_NUMBERS: Readonly<Record<string, ErrorKind>> = {
  '1045': 'authentication', // access denied for user (wrong password or unknown user)
  '1698': 'authentication', // access denied (auth plugin)
  '1049': 'database_missing', // unknown database (on connect; inside a migration it is a missing schema)
  '1064': 'sql_syntax',
  '1149': 'sql_syntax',
  '1007': 'already_exists', // database exists
  '1050': 'already_exists', // table exists
  '1060': 'already_exists', // duplicate column name
  '1061': 'already_exists', // duplicate key (index) name
  '1304': 'already_exists', // procedure/function exists
  '1359': 'already_exists', // trigger exists
  '1826': 'already_exists', // duplicate foreign key constraint name
  '1051': 'undefined_object', // unknown table
  '1054': 'undefined_object', // unknown column
  '1072': 'undefined_object', // key column doesn't exist
  '1091': 'undefined_object', // can't drop: check that it exists
  '1109': 'undefined_object', // unknown table in multi-table statement
  '1133': 'undefined_object', // can't find any matching row in the user table (a missing user)
  '1146': 'undefined_object', // table doesn't exist
  '1176': 'undefined_object', // key doesn't exist in table
  '1305': 'undefined_object', // function/procedure doesn't exist
  '1360': 'undefined_object', // trigger does not exist
  '1449': 'undefined_object', // the definer does not exist
  '4161': 'undefined_object', // MariaDB: unknown data type
  '1044': 'insufficient_privilege', // access denied to database
  '1142': 'insufficient_privilege', // command denied for table
  '1143': 'insufficient_privilege', // command denied for column
  '1227': 'insufficient_privilege', // needs SUPER or another privilege
  '1370': 'insufficient_privilege', // command denied for routine
  '1213': 'deadlock',
  '1205': 'lock_timeout', // lock wait timeout (row locks and metadata locks)
  '1969': 'statement_timeout', // MariaDB max_statement_time
  '3024': 'statement_timeout', // MySQL max_execution_time
  '1021': 'disk_full',
  '1114': 'disk_full', // the table is full
  '1040': 'too_many_connections',
  '1203': 'too_many_connections', // user has more than max_user_connections
  '1226': 'too_many_connections', // user exceeded a resource limit (max_user_connections…)
  '1290': 'read_only', // running with --read-only
  '1792': 'read_only', // read-only transaction
  '1836': 'read_only', // read-only mode
  '1062': 'unique_violation', // duplicate entry
  '1022': 'unique_violation', // duplicate key in table
  '1586': 'unique_violation', // duplicate entry for key
  '1216': 'foreign_key_violation', // no parent row
  '1217': 'foreign_key_violation', // row is referenced
  '1451': 'foreign_key_violation', // cannot delete or update a parent row
  '1452': 'foreign_key_violation', // cannot add or update a child row
  '1048': 'not_null_violation', // column cannot be null
  '1364': 'not_null_violation', // field doesn't have a default value
  '1138': 'not_null_violation', // invalid use of NULL value
  '3819': 'check_violation', // MySQL: check constraint is violated
  '4025': 'check_violation', // MariaDB: CONSTRAINT … failed
  '1264': 'data_exception', // out of range value
  '1265': 'data_exception', // data truncated
  '1292': 'data_exception', // incorrect date/time/number value
  '1365': 'data_exception', // division by 0
  '1366': 'data_exception', // incorrect integer/string value
  '1367': 'data_exception', // illegal value during parsing
  '1406': 'data_exception', // data too long for column
  '1690': 'data_exception', // value is out of range
  '3140': 'data_exception', // invalid JSON text
};

/** Used when the number is not in MYSQL_NUMBERS: the SQLSTATE, then its class. */
const MYSQL_STATES: Readonly<Record<string, ErrorKind>> = {
  '42S01': 'already_exists',
  '42S02': 'undefined_object',
  '42S22': 'undefined_object',
  '25006': 'read_only',
  '40001': 'deadlock',
  '22': 'data_exception',
  '23': 'constraint_violation',
};

export function mysqlKind(number: string, sqlState: string | undefined, context: { inMigration: boolean }): ErrorKind | undefined {
  // `Unknown database` while a migration runs means a schema (`other_db.table`) it names is missing.
  if (number === '1049' && context.inMigration) return 'undefined_object';
  const byNumber = MYSQL_NUMBERS[number];
  if (byNumber || !sqlState) return byNumber;
  return MYSQL_STATES[sqlState] ?? MYSQL_STATES[sqlState.slice(0, 2)];
}
