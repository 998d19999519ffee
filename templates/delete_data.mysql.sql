---
description: Delete the rows that match a condition, keeping a copy so the rollback can restore them
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  condition: {label: Condition (WHERE), kind: expression, required: true, help: "e.g. deleted_at IS NOT NULL"}
  backup_table: {label: Backup table, kind: identifier, default: "{{table}}_deleted_rows", help: "keeps the deleted rows until rollback"}
---
-- migrate:up
-- The deleted rows are kept in {{backup_table}}: the rollback puts them back.
CREATE TABLE {{table_schema}}{{backup_table}} LIKE {{table}};
INSERT INTO {{table_schema}}{{backup_table}} SELECT * FROM {{table}} WHERE {{condition}};
DELETE FROM {{table}} WHERE {{condition}};

-- migrate:down
INSERT INTO {{table}} SELECT * FROM {{table_schema}}{{backup_table}};
DROP TABLE {{table_schema}}{{backup_table}};
