import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Tabs } from '../../../src/tui/components/Tabs.js';

const TABS = ['Migrations', 'Timeline', 'Dashboard', 'Schema diff', 'Analytics', 'Backups'].map((title, i) => ({
  key: String(i + 1),
  id: title.toLowerCase(),
  title,
}));

describe('Tabs', () => {
  it('shows every title when the line has room, with the state on the right', () => {
    const frame = render(<Tabs tabs={TABS} active="timeline" right="● 2 pending" width={120} />).lastFrame()!;
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toContain(' 1 Migrations [2 Timeline] 3 Dashboard  4 Schema diff  5 Analytics  6 Backups');
    expect(frame).toContain('● 2 pending');
  });

  it('keeps one row on a narrow screen: the other screens show their keys only', () => {
    const frame = render(<Tabs tabs={TABS} active="migrations" right="✔ 1 applied" width={60} />).lastFrame()!;
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toContain('[1 Migrations] 2 3 4 5 6');
    expect(frame).toContain('✔ 1 applied');
  });
});
