---
description: Drop an index (the rollback recreates it)
placeholders:
  name: {label: Index to drop, kind: identifier, required: true}
  table: {label: Its table, kind: identifier, qualified: true, required: true}
  columns: {label: Its columns, kind: list, required: true, help: "to recreate the index on rollback"}
  unique: {label: Is it a unique index?, kind: flag, default: "no"}
---
-- migrate:up
DROP INDEX {{name}} ON {{table}};

-- migrate:down
CREATE {{#unique}}UNIQUE {{/unique}}INDEX {{name}} ON {{table}} ({{columns}});
