---
description: Drop a foreign key (SQLite rebuilds the table, as it cannot drop one in place)
placeholders:
  table: {label: Table that has the key, kind: identifier, required: true}
  columns: {label: The key's column(s), kind: list, required: true}
derived:
  rebuild: {helper: sqlite_rebuild, table: table, change: drop_foreign_key, columns: columns}
---
-- migrate:up transaction:false
{{#rebuild.found}}
-- SQLite cannot drop a foreign key in place, so {{table}} is rebuilt the way SQLite
-- documents (https://www.sqlite.org/lang_altertable.html#otheralter): create the new shape, copy
-- the rows, drop the old table, rename the new one, recreate its indexes and triggers.
-- Table definition read from {{rebuild.origin}}.
PRAGMA foreign_keys = OFF;
PRAGMA legacy_alter_table = ON;
BEGIN;
{{rebuild.create_new}}
INSERT INTO {{rebuild.temp}} ({{rebuild.columns}}) SELECT {{rebuild.columns}} FROM {{table}};
{{rebuild.keep_sequence}}
DROP TABLE {{table}};
ALTER TABLE {{rebuild.temp}} RENAME TO {{table}};
{{rebuild.after}}
COMMIT;
PRAGMA legacy_alter_table = OFF;
{{rebuild.fk_on}}
{{/rebuild.found}}
{{^rebuild.found}}
-- TODO: dbtk could not read the definition of {{table}} from the live database or the schema file.
-- SQLite cannot drop a foreign key in place: rebuild the table the way SQLite documents
-- (https://www.sqlite.org/lang_altertable.html#otheralter), filling in the definition below.
PRAGMA foreign_keys = OFF;
PRAGMA legacy_alter_table = ON;
BEGIN;
CREATE TABLE {{rebuild.temp}} (
  -- TODO: every column and constraint of {{table}}, without the foreign key on ({{columns}})
);
INSERT INTO {{rebuild.temp}} SELECT * FROM {{table}};
DROP TABLE {{table}};
ALTER TABLE {{rebuild.temp}} RENAME TO {{table}};
-- TODO: recreate the indexes and triggers of {{table}}
COMMIT;
PRAGMA legacy_alter_table = OFF;
{{/rebuild.found}}

-- migrate:down transaction:false
{{#rebuild.found}}
-- Rebuilds {{table}} again with its previous definition (with the key).
PRAGMA foreign_keys = OFF;
PRAGMA legacy_alter_table = ON;
BEGIN;
{{rebuild.create_old}}
INSERT INTO {{rebuild.temp}} ({{rebuild.columns}}) SELECT {{rebuild.columns}} FROM {{table}};
{{rebuild.keep_sequence}}
DROP TABLE {{table}};
ALTER TABLE {{rebuild.temp}} RENAME TO {{table}};
{{rebuild.after}}
COMMIT;
PRAGMA legacy_alter_table = OFF;
{{rebuild.fk_on}}
{{/rebuild.found}}
{{^rebuild.found}}
-- TODO: rebuild {{table}} again with its previous definition, as in the up section.
{{/rebuild.found}}
