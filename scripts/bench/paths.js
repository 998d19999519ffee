// Where the benchmark finds dbtk, Node and the dbmate binary dbtk itself would use.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DBTK = path.join(ROOT, 'bin', 'dbtk.js');
export const NODE = process.execPath;

/** The dbmate dbtk resolves (the npm package's binary unless --dbmate/DBTK_DBMATE say otherwise). */
export async function dbmateBinary() {
  const { locateDbmate } = await import(path.join(ROOT, 'build', 'core', 'dbmate', 'locate.js'));
  return locateDbmate().path;
}
