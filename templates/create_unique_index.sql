---
description: Create a unique index (no two rows may share the values)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  columns: {label: Columns (comma-separated), kind: list, required: true}
  name: {label: Index name, kind: identifier, default: "{{table}}_{{columns}}_key"}
---
-- migrate:up
CREATE UNIQUE INDEX {{name}} ON {{table}} ({{columns}});

-- migrate:down
DROP INDEX {{table_schema}}{{name}};
