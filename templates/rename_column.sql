---
description: Rename a column
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: Current column name, kind: identifier, required: true}
  new_name: {label: New column name, kind: identifier, required: true}
---
-- migrate:up
ALTER TABLE {{table}} RENAME COLUMN {{column}} TO {{new_name}};

-- migrate:down
ALTER TABLE {{table}} RENAME COLUMN {{new_name}} TO {{column}};
