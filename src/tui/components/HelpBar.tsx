// The bottom line: the main keys of what is on screen, generated from the bindings and cut
// with "…" to the terminal width.

import { Text } from 'ink';
import type { BarItem } from '../keys/resolve.js';
import { cellWidth } from '../model/text.js';

const SEPARATOR = ' · ';

/** The items that fit in `width` cells, and whether some were left out. */
export function fitBarItems(items: BarItem[], width: number): { shown: BarItem[]; cut: boolean } {
  const shown: BarItem[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const cost = (i === 0 ? 0 : SEPARATOR.length) + cellWidth(`${item.keys} ${item.label}`);
    // Keep one cell for the "…" unless this is the last item.
    if (used + cost > width - (i === items.length - 1 ? 0 : 2)) return { shown, cut: true };
    shown.push(item);
    used += cost;
  }
  return { shown, cut: false };
}

export function HelpBar({ items, width }: { items: BarItem[]; width: number }) {
  const { shown, cut } = fitBarItems(items, width);
  return (
    <Text wrap="truncate-end">
      {shown.map((item, i) => (
        <Text key={`${item.keys}-${item.label}`}>
          {i > 0 ? <Text dimColor>{SEPARATOR}</Text> : null}
          <Text color="cyan" bold>
            {item.keys}
          </Text>
          <Text> {item.label}</Text>
        </Text>
      ))}
      {cut ? <Text dimColor>{shown.length ? ' …' : '…'}</Text> : null}
    </Text>
  );
}
