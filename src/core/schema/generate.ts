// Turns the object-level drift (schema file → live database) into migration SQL that records
// it: what the live database gained becomes `up`, its undo becomes `down`. Only changes that
// can be expressed safely are generated; everything else becomes a comment saying why, so
// nothing is silently left out and nothing destroys data on its own.

import type { Dialect } from '../shared/dialect.js';
import type { SchemaDiff } from './diff.js';
import type { ObjectChange, SchemaObject } from './objects.js';
import { describeObject } from './objects.js';

export interface GeneratedMigration {
  up: string;
  down: string;
  /** Changes that were not turned into SQL, each with the reason (also written as comments). */
  skipped: string[];
  /** How many changes became SQL. */
  generated: number;
}

interface Step {
  order: number;
  up: string[];
  down: string[];
}

// Statement order: tables before their columns, keys before foreign keys, views last.
const ORDER = { sequence: 0, table: 1, column: 2, constraint: 3, index: 4, foreignKey: 5, view: 6 } as const;

function statement(text: string): string {
  const trimmed = text.trim();
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
}

function isForeignKey(o: SchemaObject): boolean {
  return /\bFOREIGN\s+KEY\b/i.test(o.definition);
}

function isStatement(source: string): boolean {
  return /^\s*(CREATE|ALTER)\b/i.test(source);
}

function createIndex(o: SchemaObject): string {
  if (isStatement(o.source)) return statement(o.source);
  // mysqldump writes indexes inside CREATE TABLE: `UNIQUE KEY `name` (`col`)`.
  const match = /^(?:(UNIQUE|FULLTEXT|SPATIAL)\s+)?(?:KEY|INDEX)\s+(?:\S+\s+)?(.*)$/is.exec(o.source);
  const kind = match?.[1] ? `${match[1].toUpperCase()} ` : '';
  return statement(`CREATE ${kind}INDEX ${o.sqlName} ON ${o.tableSqlName} ${match?.[2] ?? ''}`.trim());
}

function dropIndex(o: SchemaObject, dialect: Dialect): string {
  if (dialect === 'mysql') return `DROP INDEX ${o.sqlName} ON ${o.tableSqlName};`;
  if (dialect === 'postgres' && o.tableSqlName?.includes('.')) {
    // PostgreSQL indexes live in their table's schema.
    return `DROP INDEX ${o.tableSqlName.slice(0, o.tableSqlName.lastIndexOf('.'))}.${o.sqlName};`;
  }
  return `DROP INDEX ${o.sqlName};`;
}

function addConstraint(o: SchemaObject): string {
  if (isStatement(o.source)) return statement(o.source);
  return statement(`ALTER TABLE ${o.tableSqlName} ADD ${o.source}`);
}

function dropConstraint(o: SchemaObject, dialect: Dialect): string {
  if (dialect === 'mysql' && o.name === 'PRIMARY KEY') return `ALTER TABLE ${o.tableSqlName} DROP PRIMARY KEY;`;
  if (dialect === 'mysql' && isForeignKey(o)) return `ALTER TABLE ${o.tableSqlName} DROP FOREIGN KEY ${o.sqlName};`;
  return `ALTER TABLE ${o.tableSqlName} DROP CONSTRAINT ${o.sqlName};`;
}

function dropView(o: SchemaObject): string {
  return /MATERIALIZED\s+VIEW/i.test(o.source) ? `DROP MATERIALIZED VIEW ${o.sqlName};` : `DROP VIEW ${o.sqlName};`;
}

/** An added table with everything pg_dump wrote for it separately (sequences, defaults, keys, indexes). */
function createTable(change: ObjectChange, skipped: string[]): Step[] {
  const table = change.after!;
  const parts = change.children.map((c) => c.after!).filter(Boolean);
  const sequences = parts.filter((o) => o.kind === 'sequence');
  const steps: Step[] = [
    {
      order: ORDER.table,
      up: [
        ...sequences.map((s) => statement(s.source)),
        statement(table.source),
        ...sequences.flatMap((s) => s.extra.map(statement)),
        ...parts.filter((o) => o.kind === 'column').flatMap((o) => o.extra.map(statement)),
      ],
      down: [`DROP TABLE ${table.sqlName};`, ...sequences.filter((s) => !s.column).map((s) => `DROP SEQUENCE ${s.sqlName};`)],
    },
  ];
  for (const o of parts) {
    if (o.kind === 'constraint' && isStatement(o.source))
      steps.push({ order: isForeignKey(o) ? ORDER.foreignKey : ORDER.constraint, up: [statement(o.source)], down: [] });
    if (o.kind === 'index' && isStatement(o.source)) steps.push({ order: ORDER.index, up: [createIndex(o)], down: [] });
    // A trigger usually needs a function that may not exist yet: left to the author.
    if (o.kind === 'trigger') skipped.push(`added ${describeObject(o)}: triggers are not generated; copy the definition from the diff`);
  }
  return steps;
}

type Planner = (change: ObjectChange, dialect: Dialect, skipped: string[]) => Step[] | string;

const PLANNERS: Partial<Record<`${ObjectChange['kind']}:${ObjectChange['change']}`, Planner>> = {
  'table:added': (change, _dialect, skipped) => createTable(change, skipped),
  'table:removed': () =>
    'it exists in the schema file but not in the database; dropping a table loses data, so write DROP TABLE yourself if that is intended',
  'column:added': (change, dialect) => {
    const o = change.after!;
    if (dialect === 'sqlite' && /\bPRIMARY\s+KEY\b|\bUNIQUE\b/i.test(o.definition))
      return 'SQLite cannot add a PRIMARY KEY or UNIQUE column in place: rebuild the table';
    return [
      {
        order: ORDER.column,
        up: [`ALTER TABLE ${o.tableSqlName} ADD COLUMN ${o.source};`, ...o.extra.map(statement)],
        down: [`ALTER TABLE ${o.tableSqlName} DROP COLUMN ${o.sqlName};`],
      },
    ];
  },
  'column:removed': () =>
    'it exists in the schema file but not in the database; dropping a column loses data, so write DROP COLUMN yourself if that is intended',
  'index:added': (change, dialect) => [{ order: ORDER.index, up: [createIndex(change.after!)], down: [dropIndex(change.after!, dialect)] }],
  'index:removed': (change, dialect) => [
    { order: ORDER.index, up: [dropIndex(change.before!, dialect)], down: [createIndex(change.before!)] },
  ],
  'constraint:added': (change, dialect) => {
    if (dialect === 'sqlite') return 'SQLite cannot add a constraint to an existing table: rebuild the table';
    const o = change.after!;
    return [{ order: isForeignKey(o) ? ORDER.foreignKey : ORDER.constraint, up: [addConstraint(o)], down: [dropConstraint(o, dialect)] }];
  },
  'constraint:removed': (change, dialect) => {
    if (dialect === 'sqlite') return 'SQLite cannot drop a constraint from an existing table: rebuild the table';
    const o = change.before!;
    return [{ order: isForeignKey(o) ? ORDER.foreignKey : ORDER.constraint, up: [dropConstraint(o, dialect)], down: [addConstraint(o)] }];
  },
  'view:added': (change) => [{ order: ORDER.view, up: [statement(change.after!.source)], down: [dropView(change.after!)] }],
  'view:removed': (change) => [{ order: ORDER.view, up: [dropView(change.before!)], down: [statement(change.before!.source)] }],
};

function reasonFor(change: ObjectChange): string {
  if (change.change !== 'changed') return `${change.kind}s are not generated; copy the definition from the diff`;
  if (change.kind === 'column') {
    return `its type or options changed (${change.before?.definition} → ${change.after?.definition}); altering a column depends on its data, so write the ALTER yourself`;
  }
  return 'its definition changed; copy the new definition from the diff (DROP and CREATE, or CREATE OR REPLACE)';
}

/**
 * Migration SQL (`up` records the live database's changes, `down` undoes them) for the
 * object-level changes of a schema diff. Unsupported changes become `-- Not generated:` lines.
 */
export function generateMigrationFromDiff(diff: { changes: ObjectChange[] }, dialect: Dialect): GeneratedMigration {
  const steps: Step[] = [];
  const skipped: string[] = [];
  let generated = 0;
  for (const change of diff.changes) {
    const planner = PLANNERS[`${change.kind}:${change.change}`];
    const plan = planner ? planner(change, dialect, skipped) : reasonFor(change);
    if (typeof plan === 'string') skipped.push(`${change.change} ${describeObject(change)}: ${plan}`);
    else {
      steps.push(...plan);
      generated++;
    }
  }
  const ordered = [...steps].sort((a, b) => a.order - b.order);
  const notes = skipped.map((s) => `-- Not generated: ${s}`);
  const up = [...notes, ...ordered.flatMap((s) => s.up)];
  // Undo in reverse: foreign keys and views go before the tables they depend on.
  const down = [...ordered].reverse().flatMap((s) => s.down);
  return { up: up.join('\n'), down: down.join('\n'), skipped, generated };
}

/** The dbmate migration file text for a generated migration. */
export function migrationFileContent(generated: GeneratedMigration, diff: Pick<SchemaDiff, 'labels'>): string {
  const header = [
    `-- Generated by dbtk diff from the drift between ${diff.labels.expected} and the ${diff.labels.actual}.`,
    '-- The database it was generated from already has these changes. Review before running.',
  ];
  return `-- migrate:up\n${header.join('\n')}\n${generated.up}\n\n-- migrate:down\n${generated.down}\n`;
}
