---
description: Create an index on one or more columns
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  columns: {label: Columns (comma-separated), kind: list, required: true}
  name: {label: Index name, kind: identifier, default: "{{table}}_{{columns}}_idx"}
---
-- migrate:up
CREATE INDEX {{name}} ON {{table}} ({{columns}});

-- migrate:down
DROP INDEX {{name}} ON {{table}};
