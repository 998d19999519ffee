// dbtk's own version, read from package.json once.

import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from '../core/shared/package-root.js';

export const DBTK_VERSION: string = (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string }).version;
