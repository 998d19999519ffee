---
description: Create an index on one or more columns (optionally CONCURRENTLY, without blocking writes)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  columns: {label: Columns (comma-separated), kind: list, required: true}
  name: {label: Index name, kind: identifier, default: "{{table}}_{{columns}}_idx"}
  concurrently: {label: CONCURRENTLY, kind: flag, default: "no", help: "build without blocking writes; runs outside a transaction"}
---
-- migrate:up{{#concurrently}} transaction:false{{/concurrently}}
CREATE INDEX {{#concurrently}}CONCURRENTLY {{/concurrently}}{{name}} ON {{table}} ({{columns}});

-- migrate:down{{#concurrently}} transaction:false{{/concurrently}}
DROP INDEX {{#concurrently}}CONCURRENTLY {{/concurrently}}{{table_schema}}{{name}};
