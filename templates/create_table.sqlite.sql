---
description: Create a table with a rowid primary key and, optionally, timestamps
placeholders:
  table: {label: Table name, kind: identifier, qualified: true, required: true}
  primary_key: {label: Primary key column, kind: identifier, default: id}
  timestamps: {label: Timestamp columns, kind: flag, default: "yes", help: "add created_at and updated_at"}
---
-- migrate:up
CREATE TABLE {{table}} (
  {{primary_key}} INTEGER PRIMARY KEY{{#timestamps}},
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP{{/timestamps}}
);

-- migrate:down
DROP TABLE {{table}};
