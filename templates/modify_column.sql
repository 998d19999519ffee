---
description: Change a column's type
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: Column, kind: identifier, required: true}
  type: {label: New type, kind: type, required: true, help: "e.g. bigint, varchar(500), numeric(12,2)"}
  old_type: {label: Current type, kind: type, required: true, help: "restored on rollback"}
---
-- migrate:up
ALTER TABLE {{table}} ALTER COLUMN {{column}} SET DATA TYPE {{type}};

-- migrate:down
ALTER TABLE {{table}} ALTER COLUMN {{column}} SET DATA TYPE {{old_type}};
