// The detection matrix's sums (src/bugs/matrix.ts).
import { describe, expect, it } from 'vitest';
import { formatMatrix, median, summarize } from '../../src/bugs/matrix.js';
import type { Detection } from '../../src/bugs/types.js';

describe('detection matrix', () => {
  const d = (withBug: boolean, caught: boolean, t: number | null): Detection => ({
    bug: 'local-reads',
    withBug,
    seed: 1,
    caught,
    checkers: caught ? ['linearizability'] : [],
    detectedAtS: t,
    failures: [],
    replay: '',
    wallMs: 1,
  });

  it('sums rate, clean false alarms and the median time to detection', () => {
    const cell = summarize([d(true, true, 3), d(true, true, 1), d(true, false, null), d(false, false, null), d(false, true, 2)]);
    expect(cell).toMatchObject({ tried: 3, caught: 2, medianS: 2, cleanTried: 2, cleanFlagged: 1 });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
    const table = formatMatrix([{ bug: 'local-reads', sim: cell, real: null }]);
    expect(table).toContain('| `local-reads` |');
    expect(table).toContain('2/3; clean 1/2 flagged');
    expect(table).toContain('2.00 s');
  });
});
