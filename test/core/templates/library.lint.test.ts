// Issue 16, test 9: every shipped template, in every tested dialect, rendered with its default
// values, lints clean at high and medium — apart from the risk the template exists to take
// (drop_table drops a table), which the wizard's preview shows. Anything else is a false
// positive that would block CI on a migration dbtk wrote itself.

import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/core/shared/dialect.js';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { parseSchemaObjects } from '../../../src/core/schema/objects.js';
import { assessMigrations } from '../../../src/core/sql/assess.js';
import type { SchemaSource } from '../../../src/core/templates/derived.js';
import { chooseTemplate, loadTemplateLibrary, templateNames } from '../../../src/core/templates/library.js';
import { renderTemplate } from '../../../src/core/templates/render.js';
import type { Placeholder } from '../../../src/core/templates/values.js';

const DIALECTS: readonly Dialect[] = ['postgres', 'mysql', 'sqlite'];

/** The risk each template is there to take, at high or medium, per dialect (`*`: every one). */
const INTENDED: Record<string, Partial<Record<Dialect | '*', string[]>>> = {
  blank: { '*': ['invalid-migration-file'] },
  drop_table: { '*': ['drop-table'] },
  remove_column: { '*': ['drop-column'] },
  modify_column: { '*': ['column-type-change'] },
  rename_column: { '*': ['rename-column'] },
  rename_table: { '*': ['rename-table'] },
  add_check_constraint: { postgres: ['constraint-not-valid'] },
  add_foreign_key: { postgres: ['constraint-not-valid'] },
  add_unique_constraint: { postgres: ['unique-constraint-builds-index'] },
  create_index: { postgres: ['index-not-concurrent'] },
  create_unique_index: { postgres: ['index-not-concurrent'] },
  drop_index: { postgres: ['drop-index-not-concurrent'] },
};

const SAMPLES: Record<string, string> = {
  table: 'users',
  column: 'email',
  columns: 'email',
  ref_table: 'accounts',
  ref_columns: 'id',
  new_name: 'people',
  expression: "email <> ''",
  condition: 'id = 1',
  value: "'x'",
  values: "'x'",
  previous_value: "'y'",
  old_type: 'text',
  type: 'varchar(320)',
  name: 'users_email_idx',
};

const OVERRIDES: Record<string, Record<string, string>> = { drop_foreign_key: { columns: 'account_id' } };

function sample(template: string, p: Placeholder): string {
  if (p.kind === 'choice') return p.options?.[0] ?? '';
  return OVERRIDES[template]?.[p.key] ?? SAMPLES[p.key] ?? `x_${p.key}`;
}

const SCHEMA: SchemaSource = {
  load: async () => ({
    schemas: [
      {
        origin: 'db/schema.sql',
        model: parseSchemaObjects(
          'CREATE TABLE users (id integer primary key, email text, account_id integer REFERENCES accounts (id));\nCREATE INDEX users_email_idx ON users (email);',
          'sqlite',
        ),
      },
    ],
    notes: [],
  }),
};

describe('shipped templates lint clean', async () => {
  const library = await loadTemplateLibrary();
  const cases = templateNames(library).flatMap((name) => DIALECTS.map((dialect) => ({ name, dialect })));

  it.each(cases)('$name ($dialect) has no high or medium finding beyond its purpose', async ({ name, dialect }) => {
    const template = chooseTemplate(library, name, dialect);
    const input = Object.fromEntries(template.placeholders.filter((p) => p.required).map((p) => [p.key, sample(name, p)]));
    const { content } = await renderTemplate(template, input, { dialect, schema: SCHEMA });
    const file = parseMigrationContent('20240102000000_t.sql', '/virtual/20240102000000_t.sql', Buffer.from(content));
    const result = await assessMigrations([file], { dialect, sources: new Map([[file.path, content]]) });
    const intended = INTENDED[name]?.[dialect] ?? INTENDED[name]?.['*'] ?? [];
    const unexpected = result.migrations[0].findings.filter((f) => f.level !== 'low' && !intended.includes(f.rule));
    expect(unexpected.map((f) => `${f.rule}: ${f.message}`), content).toEqual([]);
  });
});
