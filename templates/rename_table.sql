---
description: Rename a table
placeholders:
  table: {label: Current table name, kind: identifier, qualified: true, required: true}
  new_name: {label: New table name, kind: identifier, required: true}
---
-- migrate:up
ALTER TABLE {{table}} RENAME TO {{new_name}};

-- migrate:down
ALTER TABLE {{table_schema}}{{new_name}} RENAME TO {{table_name}};
