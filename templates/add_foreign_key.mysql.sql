---
description: Add a foreign key (with its index) from one table's column(s) to another table
placeholders:
  table: {label: Table that gets the key, kind: identifier, qualified: true, required: true}
  columns: {label: Its column(s), kind: list, required: true}
  ref_table: {label: Referenced table, kind: identifier, qualified: true, required: true}
  ref_columns: {label: Referenced column(s), kind: list, default: id}
  on_delete: {label: On delete, kind: choice, options: [RESTRICT, CASCADE, SET NULL, NO ACTION], default: RESTRICT}
  name: {label: Constraint name, kind: identifier, default: "{{table}}_{{columns}}_fkey"}
---
-- migrate:up
-- The key's index is created explicitly, under the key's name, so the rollback can remove both.
ALTER TABLE {{table}}
  ADD INDEX {{name}} ({{columns}}),
  ADD CONSTRAINT {{name}} FOREIGN KEY ({{columns}}) REFERENCES {{ref_table}} ({{ref_columns}}) ON DELETE {{on_delete}};

-- migrate:down
ALTER TABLE {{table}} DROP FOREIGN KEY {{name}}, DROP INDEX {{name}};
