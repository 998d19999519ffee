---
description: Drop a table; the rollback recreates it from the schema when dbtk can read it
placeholders:
  table: {label: Table to drop, kind: identifier, qualified: true, required: true}
derived:
  definition: {helper: table_definition, table: table}
---
-- migrate:up
DROP TABLE {{table}};

-- migrate:down
{{#definition.found}}
-- Recreates {{table}} as {{definition.origin}} defines it: the structure, not the rows.
{{definition.sql}}
{{/definition.found}}
{{^definition.found}}
-- TODO: recreate {{table}} here: its CREATE TABLE statement, keys, indexes and triggers.
-- dbtk could not find its definition in the live database or the schema file.
{{/definition.found}}
