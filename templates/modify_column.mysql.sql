---
description: Change a column's definition (MODIFY COLUMN restates it whole)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: Column, kind: identifier, required: true}
  type: {label: New definition, kind: type, required: true, help: "the whole definition: MODIFY drops NOT NULL unless repeated, e.g. varchar(500) NOT NULL"}
  old_type: {label: Current definition, kind: type, required: true, help: "e.g. varchar(200) NOT NULL"}
---
-- migrate:up
ALTER TABLE {{table}} MODIFY COLUMN {{column}} {{type}};

-- migrate:down
ALTER TABLE {{table}} MODIFY COLUMN {{column}} {{old_type}};
