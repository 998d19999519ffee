// Where dbtk itself is installed (the folder with its package.json, templates/ and vendor/).
// Found by walking up from this module, so it holds both for the sources (src/core/shared/)
// and for the bundle (dist/cli/), whatever their depth.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir + path.sep;
    if (path.dirname(dir) === dir) return path.resolve(start, '..', '..') + path.sep;
  }
}

/** The package's root folder, with a trailing separator. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
