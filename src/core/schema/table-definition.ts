// The statements that recreate one table as a schema dump describes it: the CREATE TABLE
// plus what belongs to it (PostgreSQL sequences, defaults, keys, indexes, triggers; SQLite
// indexes and triggers; MySQL triggers). Used for the `down` of a dropped table.

import type { Dialect } from '../shared/dialect.js';
import type { SchemaModel, SchemaObject } from './objects.js';

export function withSemicolon(statement: string): string {
  const trimmed = statement.trim();
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
}

/** Display name used by the schema model for typed name parts (`public.` is implied). */
export function schemaDisplayName(parts: string[], dialect: Dialect): string {
  const trimmed =
    parts.length > 1 && ((dialect === 'postgres' && parts[0] === 'public') || (dialect === 'sqlite' && parts[0] === 'main'))
      ? parts.slice(1)
      : parts;
  return trimmed.join('.');
}

function sameName(a: string, b: string, dialect: Dialect): boolean {
  // PostgreSQL names are exact once quoted/folded; MySQL and SQLite compare tables loosely.
  return dialect === 'postgres' ? a === b : a.toLowerCase() === b.toLowerCase();
}

export function findTable(model: SchemaModel, name: string): SchemaObject | undefined {
  const tables = [...model.objects.values()].filter((o) => o.kind === 'table');
  return tables.find((o) => o.name === name) ?? tables.find((o) => sameName(o.name, name, model.dialect));
}

function isStatement(source: string): boolean {
  return /^(CREATE|ALTER)\s/i.test(source.trim());
}

function owned(model: SchemaModel, table: string, kind: SchemaObject['kind']): SchemaObject[] {
  return [...model.objects.values()].filter((o) => o.kind === kind && o.table === table);
}

function isForeignKey(o: SchemaObject): boolean {
  return /\bFOREIGN\s+KEY\b/i.test(o.definition);
}

/** MySQL dumps name the trigger's definer; recreating it as the migrating user is portable. */
function withoutDefiner(statement: string): string {
  return statement.replace(/\s+DEFINER\s*=\s*(?:`[^`]*`|'[^']*'|[^\s@]+)(?:@(?:`[^`]*`|'[^']*'|\S+))?/i, '');
}

/** Statements recreating `name` (a display name), in an order the database accepts; undefined when not in the schema. */
export function tableDefinitionStatements(model: SchemaModel, name: string): string[] | undefined {
  const table = findTable(model, name);
  if (!table || !isStatement(table.source)) return undefined;
  const t = table.name;
  const statements = [table.source];
  if (model.dialect === 'postgres') {
    for (const sequence of owned(model, t, 'sequence')) statements.push(sequence.source, ...sequence.extra);
    for (const column of owned(model, t, 'column')) statements.push(...column.extra);
    const constraints = owned(model, t, 'constraint').filter((c) => isStatement(c.source));
    statements.push(...constraints.filter((c) => !isForeignKey(c)).map((c) => c.source));
    statements.push(
      ...owned(model, t, 'index')
        .filter((i) => isStatement(i.source))
        .map((i) => i.source),
    );
    statements.push(...constraints.filter(isForeignKey).map((c) => c.source));
  } else if (model.dialect === 'sqlite') {
    statements.push(
      ...owned(model, t, 'index')
        .filter((i) => isStatement(i.source))
        .map((i) => i.source),
    );
  }
  const triggers = owned(model, t, 'trigger').map((o) => o.source);
  statements.push(...(model.dialect === 'mysql' ? triggers.map(withoutDefiner) : triggers));
  return statements.map(withSemicolon);
}
