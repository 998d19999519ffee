import { PtySession } from './pty.js';
import { NODE, DBTK } from './paths.js';
const env = { ...process.env, DATABASE_URL: 'sqlite:db/bench.sqlite3', NODE_OPTIONS: '--import=/tmp/memprobe.mjs' }; delete env.NO_COLOR;
const s = new PtySession([NODE, ...process.argv.slice(2), DBTK], { cwd: '/tmp/big10k', env });
await s.frameMatching((t) => /\b2024\d{10}\b/.test(t) && !t.includes('loading…'));
await s.settle(800);
for (let i = 0; i < 40; i++) { s.press('j'); await s.settle(40); }
await s.quit();
