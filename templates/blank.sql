---
description: An empty migration to write yourself
---
-- migrate:up


-- migrate:down

