// Content hashes: migration checksums, downloaded binaries, history and cache keys.

import { createHash } from 'node:crypto';

/** Hex SHA-256 of the bytes (strings are hashed as UTF-8). */
export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
