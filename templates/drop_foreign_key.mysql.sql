---
description: Drop a foreign key (its index stays; the rollback recreates the key)
placeholders:
  table: {label: Table that has the key, kind: identifier, qualified: true, required: true}
  name: {label: Constraint name, kind: identifier, required: true}
  columns: {label: Its column(s), kind: list, required: true, help: "to recreate the key on rollback"}
  ref_table: {label: Referenced table, kind: identifier, qualified: true, required: true, help: "to recreate the key on rollback"}
  ref_columns: {label: Referenced column(s), kind: list, default: id}
  on_delete: {label: Its ON DELETE action, kind: choice, options: [RESTRICT, CASCADE, SET NULL, NO ACTION], default: RESTRICT}
---
-- migrate:up
ALTER TABLE {{table}} DROP FOREIGN KEY {{name}};

-- migrate:down
ALTER TABLE {{table}} ADD CONSTRAINT {{name}} FOREIGN KEY ({{columns}}) REFERENCES {{ref_table}} ({{ref_columns}}) ON DELETE {{on_delete}};
