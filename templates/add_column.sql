---
description: Add a column to a table
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: New column, kind: identifier, required: true}
  type: {label: Type, kind: type, default: text, help: "e.g. text, integer, varchar(255), boolean"}
  not_null: {label: NOT NULL, kind: flag, default: "no", help: "a table with rows then needs a default value"}
  default: {label: Default value (SQL), kind: expression, help: "optional, e.g. 0, 'draft', CURRENT_TIMESTAMP"}
---
-- migrate:up
ALTER TABLE {{table}} ADD COLUMN {{column}} {{type}}{{#not_null}} NOT NULL{{/not_null}}{{#default}} DEFAULT {{default}}{{/default}};

-- migrate:down
ALTER TABLE {{table}} DROP COLUMN {{column}};
