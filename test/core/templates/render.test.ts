// Shipped templates rendered with values: quoting, defaults, derived values and refusals.

import { describe, expect, it } from 'vitest';
import { parseSchemaObjects } from '../../../src/core/schema/objects.js';
import type { SchemaSource } from '../../../src/core/templates/derived.js';
import { chooseTemplate, loadTemplateLibrary } from '../../../src/core/templates/library.js';
import { previewTemplate, renderTemplate, resolveValues } from '../../../src/core/templates/render.js';

describe('rendering', () => {
  it('fills values, quoting names and applying defaults computed from other values', async () => {
    const library = await loadTemplateLibrary();
    const template = chooseTemplate(library, 'create_index', 'postgres');
    const { content } = await renderTemplate(template, { table: 'public.Users', columns: 'email, "Last Name"', concurrently: 'yes' }, { dialect: 'postgres' });
    expect(content).toBe([
      '-- migrate:up transaction:false',
      'CREATE INDEX CONCURRENTLY "Users_email_Last_Name_idx" ON public."Users" (email, "Last Name");',
      '',
      '-- migrate:down transaction:false',
      'DROP INDEX CONCURRENTLY public."Users_email_Last_Name_idx";',
      '',
    ].join('\n'));
  });

  it('without CONCURRENTLY the index runs in a transaction', async () => {
    const library = await loadTemplateLibrary();
    const { content } = await renderTemplate(chooseTemplate(library, 'create_index', 'postgres'), { table: 'users', columns: 'email' }, { dialect: 'postgres' });
    expect(content).toMatch(/^-- migrate:up\nCREATE INDEX users_email_idx ON users \(email\);/);
  });

  it('lists every missing required value, and unknown keys, in one error', async () => {
    const library = await loadTemplateLibrary();
    const template = chooseTemplate(library, 'add_foreign_key', 'postgres');
    await expect(renderTemplate(template, {}, { dialect: 'postgres' })).rejects.toThrow(/Missing required values.*table \(.*columns \(.*ref_table \(/);
    await expect(renderTemplate(template, { tabel: 'x' }, { dialect: 'postgres' })).rejects.toThrow(/no placeholder "tabel"/);
  });

  it('rejects injection attempts in every kind of value', async () => {
    const library = await loadTemplateLibrary();
    const update = chooseTemplate(library, 'update_data', 'mysql');
    const base = { table: 'users', column: 'name', value: "'x'", condition: 'id = 1', previous_value: "'y'" };
    const attempts: Record<string, string>[] = [
      { table: 'users; drop table x' },
      { column: 'name` = 1; drop table x; --' },
      { value: "'x'; drop table users" },
      { value: "'x\\'; drop table users; -- " },
      { condition: '1=1 -- ' },
      { condition: '1=1) OR (1=1' },
      { previous_value: '`' },
    ];
    for (const attempt of attempts) {
      await expect(renderTemplate(update, { ...base, ...attempt }, { dialect: 'mysql' }), JSON.stringify(attempt)).rejects.toThrow(/Invalid value/);
    }
    // Quoted names are allowed: they stay one name.
    const { content } = await renderTemplate(update, { ...base, column: '`we``ird; drop`' }, { dialect: 'mysql' });
    expect(content).toContain('UPDATE users SET `we``ird; drop` = ');
  });

  it('checks that seed data has one value per column', async () => {
    const library = await loadTemplateLibrary();
    const template = chooseTemplate(library, 'insert_seed_data', 'sqlite');
    const resolution = resolveValues(template, { table: 't', columns: 'a, b', values: '1' }, 'sqlite');
    expect(resolution.problems.values).toMatch(/1 value for 2 columns/);
    const { content } = await renderTemplate(template, { table: 't', columns: 'a, b', values: "'x', NULL" }, { dialect: 'sqlite' });
    expect(content).toContain("INSERT INTO t (a, b) VALUES ('x', NULL);");
    expect(content).toContain("DELETE FROM t WHERE a = 'x' AND b IS NULL;");
  });

  it('recreates a dropped table from the schema, or says what to do', async () => {
    const library = await loadTemplateLibrary();
    const template = chooseTemplate(library, 'drop_table', 'sqlite');
    const schema: SchemaSource = {
      load: async () => ({ schemas: [{ origin: 'db/schema.sql', model: parseSchemaObjects('CREATE TABLE posts (id integer primary key, title text);\nCREATE INDEX posts_title ON posts (title);', 'sqlite') }], notes: [] }),
    };
    const known = await renderTemplate(template, { table: 'posts' }, { dialect: 'sqlite', schema });
    expect(known.content).toContain('-- Recreates posts as db/schema.sql defines it');
    expect(known.content).toContain('CREATE TABLE posts (id integer primary key, title text);\n\nCREATE INDEX posts_title ON posts (title);');
    const unknown = await renderTemplate(template, { table: 'comments' }, { dialect: 'sqlite', schema });
    expect(unknown.content).toMatch(/-- migrate:down\n-- TODO: recreate comments here/);
  });

  it('previews with what is typed so far, marking the rest', async () => {
    const library = await loadTemplateLibrary();
    const template = chooseTemplate(library, 'add_column', 'postgres');
    const text = previewTemplate(template, { table: 'users', column: 'bad name' }, { dialect: 'postgres' });
    expect(text).toContain('ALTER TABLE users ADD COLUMN ‹column› text;');
  });
});
