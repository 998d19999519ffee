import { PtySession } from './pty.js';
import { NODE, DBTK } from './paths.js';
import { peakRssProbe } from './measure.js';
const dir = '/tmp/big10k';
const env = { ...process.env, DATABASE_URL: 'sqlite:db/bench.sqlite3' }; delete env.NO_COLOR; const probe = peakRssProbe(env);
const s = new PtySession([NODE, ...process.argv.slice(2), DBTK], { cwd: dir, env: probe.env });
await s.frameMatching((t) => /\b2024\d{10}\b/.test(t) && !t.includes('loading…'));
await s.settle(500);
for (let i = 0; i < 40; i++) { s.press('j'); await s.settle(40); }
await s.quit();
console.log('peak RSS MB', probe.readMb().toFixed(0));
