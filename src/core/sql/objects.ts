// The objects a set of statements affects, counted per kind (+ created, ~ altered or renamed,
// − dropped) with their names, and the one-line summary previews show:
// "Tables: +1 ~2, Indexes: +1, Data: update orders".

import type { ClassifiedStatement, DataAction, SchemaObjectType } from './change.js';

interface ObjectChanges {
  created: string[];
  altered: string[];
  dropped: string[];
}

type ObjectCategory =
  'tables' | 'columns' | 'indexes' | 'constraints' | 'views' | 'functions' | 'triggers' | 'types' | 'sequences' | 'schemas' | 'extensions';

interface DataChanges {
  inserted: string[];
  updated: string[];
  deleted: string[];
  truncated: string[];
}

/** Every category is always present, so the JSON shape never changes. */
export type ObjectSummary = Record<ObjectCategory, ObjectChanges> & { data: DataChanges };

const OBJECT_CATEGORIES: readonly ObjectCategory[] = [
  'tables',
  'columns',
  'indexes',
  'constraints',
  'views',
  'functions',
  'triggers',
  'types',
  'sequences',
  'schemas',
  'extensions',
];

const CATEGORY_OF: Record<SchemaObjectType, ObjectCategory> = {
  table: 'tables',
  column: 'columns',
  index: 'indexes',
  constraint: 'constraints',
  view: 'views',
  function: 'functions',
  trigger: 'triggers',
  type: 'types',
  sequence: 'sequences',
  schema: 'schemas',
  extension: 'extensions',
};

const DATA_FIELDS = ['inserted', 'updated', 'deleted', 'truncated'] as const;
const DATA_FIELD: Record<DataAction, keyof DataChanges> = {
  insert: 'inserted',
  update: 'updated',
  delete: 'deleted',
  truncate: 'truncated',
};

export function emptyObjectSummary(): ObjectSummary {
  const summary = { data: { inserted: [], updated: [], deleted: [], truncated: [] } } as unknown as ObjectSummary;
  for (const category of OBJECT_CATEGORIES) summary[category] = { created: [], altered: [], dropped: [] };
  return summary;
}

function addOnce(list: string[], name: string): void {
  if (name && !list.includes(name)) list.push(name);
}

/** Summarises statements (in order) into one ObjectSummary. */
export function summarizeObjects(statements: readonly Pick<ClassifiedStatement, 'changes' | 'data'>[]): ObjectSummary {
  const summary = emptyObjectSummary();
  const touchedTables: string[] = [];
  for (const statement of statements) {
    for (const change of statement.changes) {
      const bucket = summary[CATEGORY_OF[change.object]];
      const name =
        change.object === 'column' && change.table
          ? `${change.table}.${change.name}`
          : change.name || `(unnamed on ${change.table ?? '?'})`;
      if (change.action === 'create') addOnce(bucket.created, name);
      else if (change.action === 'drop') addOnce(bucket.dropped, name);
      else addOnce(bucket.altered, change.action === 'rename' ? `${name} → ${change.newName ?? '?'}` : name);
      if (change.table && change.object !== 'table') addOnce(touchedTables, change.table);
    }
    for (const change of statement.data) addOnce(summary.data[DATA_FIELD[change.action]], change.table);
  }
  const tables = summary.tables;
  for (const table of touchedTables) {
    if (!tables.created.includes(table) && !tables.dropped.includes(table)) addOnce(tables.altered, table);
  }
  return summary;
}

/** Merges several summaries (several migrations previewed together). */
export function mergeObjectSummaries(summaries: readonly ObjectSummary[]): ObjectSummary {
  // One pass into sets, not includes(): lint merges thousands of files.
  const sets = new Map<string, Set<string>>();
  const add = (key: string, names: readonly string[]) => {
    if (!names.length) return;
    let set = sets.get(key);
    if (!set) sets.set(key, (set = new Set()));
    for (const name of names) set.add(name);
  };
  for (const summary of summaries) {
    for (const category of OBJECT_CATEGORIES) {
      const changes = summary[category];
      add(`${category}.created`, changes.created);
      add(`${category}.altered`, changes.altered);
      add(`${category}.dropped`, changes.dropped);
    }
    for (const field of DATA_FIELDS) add(`data.${field}`, summary.data[field]);
  }
  const merged = emptyObjectSummary();
  const list = (key: string) => [...(sets.get(key) ?? [])];
  for (const category of OBJECT_CATEGORIES) {
    merged[category] = { created: list(`${category}.created`), altered: list(`${category}.altered`), dropped: list(`${category}.dropped`) };
  }
  for (const field of DATA_FIELDS) merged.data[field] = list(`data.${field}`);
  return merged;
}

const LABELS: Record<ObjectCategory, string> = {
  tables: 'Tables',
  columns: 'Columns',
  indexes: 'Indexes',
  constraints: 'Constraints',
  views: 'Views',
  functions: 'Functions',
  triggers: 'Triggers',
  types: 'Types',
  sequences: 'Sequences',
  schemas: 'Schemas',
  extensions: 'Extensions',
};

/** "Tables: +1 ~2, Indexes: +1, Data: update orders" — only what changes. */
export function formatObjectSummary(summary: ObjectSummary): string {
  const parts: string[] = [];
  for (const category of OBJECT_CATEGORIES) {
    const { created, altered, dropped } = summary[category];
    const counts = [
      created.length && `+${created.length}`,
      altered.length && `~${altered.length}`,
      dropped.length && `−${dropped.length}`,
    ].filter(Boolean);
    if (counts.length) parts.push(`${LABELS[category]}: ${counts.join(' ')}`);
  }
  const data = DATA_FIELDS.filter((field) => summary.data[field].length).map(
    (field) =>
      `${{ inserted: 'insert', updated: 'update', deleted: 'delete', truncated: 'truncate' }[field]} ${shortList(summary.data[field])}`,
  );
  if (data.length) parts.push(`Data: ${data.join('; ')}`);
  return parts.length ? parts.join(', ') : 'no schema or data changes';
}

function shortList(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ');
}
