// Home screen: the migration list, a search line, and the up/down SQL of the selected
// migration (beside the list on wide terminals, below it otherwise, full size after enter).

import { Box, Text } from 'ink';
import { MigrationList } from '../components/MigrationList.js';
import { Pane } from '../components/Pane.js';
import { TextField } from '../components/TextField.js';
import type { Line } from '../model/lines.js';
import type { MigrationRow, StatusFilter } from '../model/migration-rows.js';
import { plural } from '../model/text.js';

export interface MigrationsView {
  query: string;
  searching: boolean;
  filter: StatusFilter;
  detailOpen: boolean;
  detailScroll: number;
}

export interface MigrationsLayout {
  searchLine: boolean;
  listHeight: number;
  listWidth: number;
  paneHeight: number;
  paneWidth: number;
  sideBySide: boolean;
}

export function migrationsLayout(width: number, height: number, view: MigrationsView): MigrationsLayout {
  const searchLine = view.searching || view.query !== '';
  const rest = height - (searchLine ? 1 : 0);
  if (view.detailOpen) return { searchLine, listHeight: 0, listWidth: width, paneHeight: rest, paneWidth: width, sideBySide: false };
  if (width >= 120) {
    const listWidth = Math.floor(width * 0.55);
    return { searchLine, listHeight: rest, listWidth, paneHeight: rest, paneWidth: width - listWidth - 1, sideBySide: true };
  }
  if (rest >= 14) {
    const listHeight = Math.max(6, Math.ceil(rest * 0.5));
    return { searchLine, listHeight, listWidth: width, paneHeight: rest - listHeight, paneWidth: width, sideBySide: false };
  }
  return { searchLine, listHeight: rest, listWidth: width, paneHeight: 0, paneWidth: width, sideBySide: false };
}

export interface MigrationsScreenProps {
  rows: readonly MigrationRow[];
  /** All migrations, before filter and search; null while the first load runs. */
  total: number | null;
  view: MigrationsView;
  selected: number;
  top: number;
  width: number;
  height: number;
  /** Lines of the selected migration's detail pane. */
  detail: readonly Line[];
  now: Date;
}

function emptyText(total: number | null, view: MigrationsView): string {
  if (total === null) return 'Loading migrations…';
  if (total === 0) return 'No migrations yet. Press n to create one.';
  const what = [view.filter !== 'all' ? `filter: ${view.filter}` : '', view.query ? `search: "${view.query}"` : '']
    .filter(Boolean)
    .join(', ');
  return `No migration matches (${what}). esc clears.`;
}

export function MigrationsScreen({ rows, total, view, selected, top, width, height, detail, now }: MigrationsScreenProps) {
  const layout = migrationsLayout(width, height, view);
  const row = selected >= 0 ? rows[selected] : undefined;
  const pane =
    layout.paneHeight > 0 ? (
      <Pane
        title={row ? `SQL · ${row.file ?? row.version}` : 'SQL'}
        lines={detail}
        scroll={view.detailScroll}
        height={layout.paneHeight}
        width={layout.paneWidth}
        focused={view.detailOpen}
      />
    ) : null;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {layout.searchLine ? (
        <Box width={width}>
          <Text color="cyan" bold>
            /{' '}
          </Text>
          <TextField value={view.query} placeholder="name, version or SQL…" active={view.searching} />
          <Text dimColor>{`  ${plural(rows.length, 'match', 'matches')}`}</Text>
        </Box>
      ) : null}
      {view.detailOpen ? (
        pane
      ) : (
        <Box flexDirection={layout.sideBySide ? 'row' : 'column'}>
          <MigrationList
            rows={rows}
            selected={selected}
            top={top}
            height={layout.listHeight}
            width={layout.listWidth}
            now={now}
            emptyText={emptyText(total, view)}
          />
          {layout.sideBySide && pane ? <Box width={1} /> : null}
          {pane}
        </Box>
      )}
    </Box>
  );
}
