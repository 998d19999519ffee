#!/usr/bin/env node
// `npm run demo [-- DIR]`: makes an embedded SQLite demo project (a few realistic migrations,
// some applied, some pending) and opens dbtk on it. Run again to reuse the same folder.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dbtk = path.join(root, 'bin', 'dbtk.js');
const dir = process.argv[2] ? path.resolve(process.argv[2]) : mkdtempSync(path.join(os.tmpdir(), 'dbtk-demo-'));
const migrations = path.join(dir, 'db', 'migrations');

const files = {
  '20240105090000_create_users.sql': `-- migrate:up
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- migrate:down
DROP TABLE users;
`,
  '20240112143000_create_posts.sql': `-- migrate:up
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  body TEXT,
  published_at TEXT
);
CREATE INDEX posts_user_id_idx ON posts (user_id);

-- migrate:down
DROP TABLE posts;
`,
  '20240203101500_seed_admin_user.sql': `-- migrate:up
INSERT INTO users (email, name) VALUES ('admin@example.com', 'Admin; the first user');

-- migrate:down
DELETE FROM users WHERE email = 'admin@example.com';
`,
  '20240220160000_add_status_to_posts.sql': `-- migrate:up
ALTER TABLE posts ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';

-- migrate:down
ALTER TABLE posts DROP COLUMN status;
`,
  '20240301120000_create_comments.sql': `-- migrate:up
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author TEXT NOT NULL,
  body TEXT NOT NULL
);

-- migrate:down
DROP TABLE comments;
`,
};

const fresh = !existsSync(migrations);
mkdirSync(migrations, { recursive: true });
if (!existsSync(path.join(dir, '.env'))) writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=sqlite:db/demo.sqlite3\n');
const run = (args, stdio = 'inherit') => spawnSync(process.execPath, [dbtk, ...args], { cwd: dir, stdio });
const write = (names) => {
  for (const name of names) if (!existsSync(path.join(migrations, name))) writeFileSync(path.join(migrations, name), files[name]);
};
const names = Object.keys(files);
// The first three are applied, the rest stay pending: the demo shows both side by side.
write(names.slice(0, 3));
if (fresh) run(['up'], 'ignore');
write(names.slice(3));
// One line to paste as it is: dbtk is not installed where the demo lives, so `npx dbtk` would
// look for it on the registry; the launcher of this checkout is named by its full path.
const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
console.error(`dbtk demo project: ${dir}\nTo open it again: cd ${quote(dir)} && node ${quote(dbtk)}\n`);
process.exitCode = run([]).status ?? 0;
