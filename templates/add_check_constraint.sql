---
description: Add a CHECK constraint every row must meet
placeholders:
  table: {label: Table, kind: identifier, qualified: true, required: true}
  expression: {label: Condition (SQL), kind: expression, required: true, help: "e.g. price >= 0, status IN ('draft', 'published')"}
  name: {label: Constraint name, kind: identifier, default: "{{table}}_check"}
---
-- migrate:up
ALTER TABLE {{table}} ADD CONSTRAINT {{name}} CHECK ({{expression}});

-- migrate:down
ALTER TABLE {{table}} DROP CONSTRAINT {{name}};
