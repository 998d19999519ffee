---
description: Change a column's type (existing values are converted with a cast)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: Column, kind: identifier, required: true}
  type: {label: New type, kind: type, required: true, help: "e.g. bigint, varchar(500), numeric(12,2)"}
  old_type: {label: Current type, kind: type, required: true, help: "restored on rollback"}
---
-- migrate:up
-- Rewrites the table (and locks it) unless the new type is binary-compatible, e.g. varchar(n) to text.
ALTER TABLE {{table}} ALTER COLUMN {{column}} TYPE {{type}} USING {{column}}::{{type}};

-- migrate:down
ALTER TABLE {{table}} ALTER COLUMN {{column}} TYPE {{old_type}} USING {{column}}::{{old_type}};
