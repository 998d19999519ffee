---
description: Insert a row of seed data (the rollback deletes it)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  columns: {label: Columns (comma-separated), kind: list, required: true}
  values: {label: Values (SQL), kind: list, of: expression, required: true, help: "one per column, comma-separated, e.g. 'admin', 'Administrator', 1"}
derived:
  row: {helper: match_row, columns: columns, values: values}
---
-- migrate:up
INSERT INTO {{table}} ({{columns}}) VALUES ({{values}});

-- migrate:down
-- Deletes the rows that match the inserted values.
DELETE FROM {{table}} WHERE {{row}};
