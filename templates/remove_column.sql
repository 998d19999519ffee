---
description: Remove a column from a table (the rollback re-adds it, empty)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: Column to remove, kind: identifier, required: true}
  type: {label: Its type, kind: type, required: true, help: "e.g. text, integer, varchar(255)"}
---
-- migrate:up
ALTER TABLE {{table}} DROP COLUMN {{column}};

-- migrate:down
-- Re-adds the column at the end of the table; the values it held are not restored.
ALTER TABLE {{table}} ADD COLUMN {{column}} {{type}};
