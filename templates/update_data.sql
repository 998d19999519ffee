---
description: Update a column in the rows that match a condition (the rollback sets it back)
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  column: {label: Column to set, kind: identifier, required: true}
  value: {label: New value (SQL), kind: expression, required: true, help: "e.g. 'archived', 0, NULL"}
  condition: {label: Condition (WHERE), kind: expression, required: true, help: "e.g. created_at < '2024-01-01'"}
  previous_value: {label: Previous value (SQL), kind: expression, required: true, help: "restored on rollback"}
  rollback_condition: {label: Rollback condition, kind: expression, default: "{{condition}}", help: "change it when the condition tests the column being updated"}
---
-- migrate:up
UPDATE {{table}} SET {{column}} = {{value}} WHERE {{condition}};

-- migrate:down
UPDATE {{table}} SET {{column}} = {{previous_value}} WHERE {{rollback_condition}};
