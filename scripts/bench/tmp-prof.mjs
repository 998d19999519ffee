import { makeProject } from './fixtures.js';
import { PtySession } from './pty.js';
import { NODE, DBTK } from './paths.js';
import { renameSync, existsSync } from 'node:fs';
const dir = '/tmp/big10k';
let p;
if (!existsSync(dir)) { p = makeProject(10000); p.applyAll({ pending: 10 }); renameSync(p.dir, dir); }
const env = { ...process.env, NO_COLOR: '1', DATABASE_URL: 'sqlite:db/bench.sqlite3' };
const extra = process.argv.slice(2);
const s = new PtySession([NODE, ...extra, process.env.DBTK_BIN ?? DBTK], { cwd: dir, env });
const VERSION = /\b2024\d{10}\b/;
const f = await s.frameMatching((t) => VERSION.test(t) && !t.includes('Loading migrations') && !t.includes('loading…'));
console.log('first frame', (f.at - s.startedAt).toFixed(0), 'ms; frames before:', f.index);
for (const fr of s.frames.slice(0, f.index + 1)) console.log('  frame at', (fr.at - s.startedAt).toFixed(0));
await s.settle();
await s.quit();
