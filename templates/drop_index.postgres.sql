---
description: Drop an index, optionally CONCURRENTLY (the rollback recreates it)
placeholders:
  name: {label: Index to drop, kind: identifier, required: true}
  table: {label: Its table, kind: identifier, qualified: true, required: true}
  columns: {label: Its columns, kind: list, required: true, help: "to recreate the index on rollback"}
  unique: {label: Is it a unique index?, kind: flag, default: "no"}
  concurrently: {label: CONCURRENTLY, kind: flag, default: "no", help: "do not block queries; runs outside a transaction"}
---
-- migrate:up{{#concurrently}} transaction:false{{/concurrently}}
DROP INDEX {{#concurrently}}CONCURRENTLY {{/concurrently}}{{table_schema}}{{name}};

-- migrate:down{{#concurrently}} transaction:false{{/concurrently}}
CREATE {{#unique}}UNIQUE {{/unique}}INDEX {{#concurrently}}CONCURRENTLY {{/concurrently}}{{name}} ON {{table}} ({{columns}});
