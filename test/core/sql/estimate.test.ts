import { describe, expect, it } from 'vitest';
import { estimateDuration } from '../../../src/core/sql/estimate.js';

describe('estimateDuration', () => {
  const kinds = [{ kind: 'create_table' as const }, { kind: 'create_index' as const }];

  it('uses the median of this migration’s own runs first', () => {
    expect(
      estimateDuration(
        kinds,
        [
          { version: '5', durationMs: 10 },
          { version: '5', durationMs: 30 },
          { version: '5', durationMs: 20 },
          { version: '6', durationMs: 999 },
        ],
        '5',
      ),
    ).toEqual({ ms: 20, basis: 'this-migration', samples: 3 });
  });

  it('else sums typical per-statement times of the same kinds', () => {
    const past = [
      { version: '1', durationMs: 8, kinds: ['create_table', 'create_table'] as const },
      { version: '2', durationMs: 50, kinds: ['create_index'] as const },
    ];
    expect(
      estimateDuration(
        kinds,
        past.map((p) => ({ ...p, kinds: [...p.kinds] })),
        '9',
      ),
    ).toEqual({ ms: 54, basis: 'similar-statements', samples: 2 });
  });

  it('is null when some kind never ran', () => {
    expect(estimateDuration(kinds, [{ version: '1', durationMs: 8, kinds: ['create_table'] }], '9')).toBeNull();
    expect(estimateDuration(kinds, [], '9')).toBeNull();
  });
});
