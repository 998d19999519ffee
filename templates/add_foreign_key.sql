---
description: Add a foreign key from one table's column(s) to another table
placeholders:
  table: {label: Table that gets the key, kind: identifier, qualified: true, required: true}
  columns: {label: Its column(s), kind: list, required: true}
  ref_table: {label: Referenced table, kind: identifier, qualified: true, required: true}
  ref_columns: {label: Referenced column(s), kind: list, default: id}
  on_delete: {label: On delete, kind: choice, options: [NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT], default: NO ACTION}
  name: {label: Constraint name, kind: identifier, default: "{{table}}_{{columns}}_fkey"}
---
-- migrate:up
ALTER TABLE {{table}} ADD CONSTRAINT {{name}} FOREIGN KEY ({{columns}}) REFERENCES {{ref_table}} ({{ref_columns}}) ON DELETE {{on_delete}};

-- migrate:down
ALTER TABLE {{table}} DROP CONSTRAINT {{name}};
