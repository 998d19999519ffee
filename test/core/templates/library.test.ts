import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { chooseTemplate, listTemplates, loadTemplateLibrary, parseTemplate, templateNames } from '../../../src/core/templates/library.js';
import { renderTemplate } from '../../../src/core/templates/render.js';

const EXPECTED = [
  'blank', 'create_table', 'drop_table', 'rename_table', 'add_column', 'remove_column', 'modify_column', 'rename_column',
  'create_index', 'drop_index', 'create_unique_index', 'add_foreign_key', 'drop_foreign_key', 'add_check_constraint',
  'add_unique_constraint', 'insert_seed_data', 'update_data', 'delete_data',
];

function projectDir(files: Record<string, string>): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dbtk-tpl-')), '.dbtk', 'templates');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const OWN = `---
description: Add an audit column
placeholders:
  table: {label: Table, kind: identifier, required: true}
---
-- migrate:up
ALTER TABLE {{table}} ADD COLUMN audited_at timestamp;

-- migrate:down
ALTER TABLE {{table}} DROP COLUMN audited_at;
`;

describe('the shipped library', () => {
  it('has the whole set, every file valid', async () => {
    const library = await loadTemplateLibrary();
    expect(library.problems).toEqual([]);
    expect(templateNames(library).sort()).toEqual([...EXPECTED].sort());
    expect(templateNames(library)[0]).toBe('blank');
  });

  it('picks the dialect\'s own variant, else the generic one', async () => {
    const library = await loadTemplateLibrary();
    expect(chooseTemplate(library, 'modify_column', 'sqlite').dialect).toBe('sqlite');
    expect(chooseTemplate(library, 'modify_column', 'postgres').dialect).toBe('postgres');
    expect(chooseTemplate(library, 'add_column', 'mysql').dialect).toBe('generic');
    expect(chooseTemplate(library, 'add_column', 'mysql').notes).toEqual([]);
  });

  it('falls back to the generic SQL with a note for other databases', async () => {
    const library = await loadTemplateLibrary();
    expect(chooseTemplate(library, 'add_column', 'clickhouse').notes[0]).toMatch(/no ClickHouse variant/);
    expect(chooseTemplate(library, 'add_column', 'generic').notes[0]).toMatch(/does not know this database/);
  });

  it('lists the available templates when asked for one that does not exist', async () => {
    const library = await loadTemplateLibrary();
    expect(() => chooseTemplate(library, 'nope', 'postgres')).toThrow(/There is no template "nope"/);
    try {
      chooseTemplate(library, 'nope', 'postgres');
    } catch (error) {
      expect((error as { hint: string }).hint).toMatch(/add_column, add_foreign_key/);
    }
  });

  it('renders every template for every dialect into a valid dbmate file', async () => {
    const library = await loadTemplateLibrary();
    for (const dialect of ['postgres', 'mysql', 'sqlite', 'generic'] as const) {
      for (const name of templateNames(library)) {
        const template = chooseTemplate(library, name, dialect);
        const values = Object.fromEntries(template.placeholders.filter((p) => p.required).map((p) => [p.key, sample(p.kind)]));
        const { content } = await renderTemplate(template, values, { dialect });
        const parsed = parseMigrationContent('20240101000000_x.sql', '', Buffer.from(content));
        expect(parsed.problems.filter((p) => p.severity === 'error' && p.code !== 'empty_up'), `${name}/${dialect}`).toEqual([]);
        expect(content).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});

function sample(kind: string): string {
  return { identifier: 'things', type: 'integer', expression: '1 = 1', list: 'a, b', flag: 'no', choice: 'CASCADE' }[kind] ?? 'x';
}

describe('project templates', () => {
  it('add to and override the shipped ones', async () => {
    const dir = projectDir({ 'add_audit.sql': OWN, 'add_column.postgres.sql': OWN.replace('Add an audit column', 'Our add column') });
    const library = await loadTemplateLibrary({ projectDir: dir });
    const rows = listTemplates(library, 'postgres');
    expect(rows.find((r) => r.name === 'add_audit')).toMatchObject({ source: 'project', overridesShipped: false });
    expect(rows.find((r) => r.name === 'add_column')).toMatchObject({ source: 'project', overridesShipped: true, description: 'Our add column' });
    // The PostgreSQL override does not affect SQLite.
    expect(chooseTemplate(library, 'add_column', 'sqlite').source).toBe('shipped');
  });

  it('reports a broken file with the reason, without hiding the others', async () => {
    const dir = projectDir({
      'broken.sql': '-- migrate:up\nselect 1;\n-- migrate:down\n',
      'typo.sql': OWN.replace('ADD COLUMN audited_at', 'ADD COLUMN {{colum}}'),
      'Bad-Name.sql': OWN,
    });
    const library = await loadTemplateLibrary({ projectDir: dir });
    const messages = library.problems.map((p) => `${path.basename(p.path)}: ${p.message}`).join('\n');
    expect(messages).toMatch(/broken.sql: .*front matter/);
    expect(messages).toMatch(/typo.sql: .*\{\{colum\}\} is not declared/);
    expect(messages).toMatch(/Bad-Name.sql: .*snake_case/);
    expect(templateNames(library)).toContain('add_column');
    expect(() => chooseTemplate(library, 'typo', 'postgres')).toThrow(/colum/);
  });

  it('never falls back to the shipped template when the project\'s own override is broken', async () => {
    const dir = projectDir({ 'add_column.sql': OWN.replace('{{table}} ADD', '{{tabel}} ADD') });
    const library = await loadTemplateLibrary({ projectDir: dir });
    expect(() => chooseTemplate(library, 'add_column', 'mysql')).toThrow(/add_column.sql: \{\{tabel\}\} is not declared/);
  });

  it('validates front matter kinds and helpers', () => {
    const bad = (meta: string) => () => parseTemplate(`---\n${meta}\n---\n-- migrate:up\n-- migrate:down\n`, 'x.sql', 'project');
    expect(bad('placeholders: {a: {kind: identifier}}')).toThrow(/description/);
    expect(bad('description: d\nplaceholders: {a: {kind: number}}')).toThrow(/kind must be one of/);
    expect(bad('description: d\nplaceholders: {a: {kind: choice}}')).toThrow(/needs options/);
    // An unquoted comma in a YAML flow map silently starts a new key: caught, not ignored.
    expect(bad('description: d\nplaceholders: {a: {label: Value (SQL, optional), kind: expression}}')).toThrow(/unknown field "optional\)"/);
    expect(bad('description: d\nderived: {x: {helper: magic}}')).toThrow(/unknown helper/);
    expect(bad('description: d\nderived: {x: {helper: table_definition, table: nope}}')).toThrow(/not a placeholder/);
    expect(() => parseTemplate('---\ndescription: d\n---\nselect 1;\n', 'x.sql', 'project')).toThrow(/migrate:up/);
  });
});
