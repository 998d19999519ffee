// One dropped object in words, for the rollback preview and its verification (kept apart from
// down-drops.ts so that printing it does not load the SQL analysis).

import type { ObjectState } from '../database/live-objects.js';

/**
 * `table notes and its 1,204 rows (exact count)`, `column notes.body, with its values in ~2,000,000 rows (estimate)`,
 * `index notes_title_idx on notes`; `bare` leaves out the counts and whether it exists now.
 */
export function describeDrop(object: ObjectState, bare = false): string {
  const count = object.rows === undefined || bare ? undefined : object.rows;
  const rows =
    count === undefined
      ? ''
      : `${object.rowsExact ? '' : '~'}${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'} (${object.rowsExact ? 'exact count' : 'estimate'})`;
  const missing = object.exists === false && !bare ? ' (not in the database now)' : '';
  if (object.kind === 'table') return `table ${object.name}${rows ? ` and its ${rows}` : ''}${missing}`;
  if (object.kind === 'column') return `column ${object.table}.${object.name}${rows ? `, with its values in ${rows}` : ''}${missing}`;
  return `index ${object.name}${object.table ? ` on ${object.table}` : ''}${missing}`;
}
