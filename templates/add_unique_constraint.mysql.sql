---
description: Add a UNIQUE constraint over one or more columns
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  columns: {label: Columns (comma-separated), kind: list, required: true}
  name: {label: Constraint name, kind: identifier, default: "{{table}}_{{columns}}_key"}
---
-- migrate:up
ALTER TABLE {{table}} ADD CONSTRAINT {{name}} UNIQUE ({{columns}});

-- migrate:down
-- MySQL keeps a UNIQUE constraint as an index of the same name.
ALTER TABLE {{table}} DROP INDEX {{name}};
