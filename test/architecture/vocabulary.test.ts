// One vocabulary: `sim --nemesis` and `run --nemesis` accept the same names, each run package's
// families are the sim family of the same name, and one table (src/history/fault-effects.ts) says
// which fault op opens and closes which family, for the fault interpreter as for the checkers.
import { describe, expect, it } from 'vitest';
import { NEMESES, NEMESIS_NAMES } from '../../nemesis/index.js';
import { FAULT_FAMILIES, parseFamilies } from '../../src/sim/bad-day.js';
import { familyOf } from '../../src/faults/apply.js';
import { faultEffect } from '../../src/history/fault-effects.js';
import type { FaultOp } from '../../src/plugins.js';

describe('one nemesis vocabulary', () => {
  it('run and sim accept the same nemesis names', () => {
    expect([...NEMESIS_NAMES].sort()).toEqual(['none', ...FAULT_FAMILIES].sort());
    for (const name of NEMESIS_NAMES) {
      const families = parseFamilies(name);
      expect(families).toEqual(NEMESES.get(name)?.families ?? []);
    }
    expect(parseFamilies('partition,crash,pause,clock')).toEqual([...FAULT_FAMILIES]);
    expect(() => parseFamilies('chaos')).toThrow(/unknown nemesis "chaos"/);
  });

  it('the fault interpreter and the checkers read one table of fault families', () => {
    const ops: FaultOp[] = [
      { f: 'start-partition', value: 'bridge' },
      { f: 'stop-partition', value: null },
      { f: 'kill', value: 'one' },
      { f: 'restart', value: 'all-dead' },
      { f: 'pause', value: 'leader' },
      { f: 'resume', value: 'all-paused' },
      { f: 'start-clock', value: { kind: 'bump', targets: 'all', offsetMs: 5 } },
      { f: 'stop-clock', value: null },
      { f: 'heal-all', value: null },
    ];
    for (const op of ops) {
      const effect = faultEffect(op.f);
      expect(effect, op.f).toBeDefined();
      expect(familyOf(op)).toBe(effect?.kind === 'heal-all' ? 'all' : effect?.family);
    }
    expect(ops.filter((op) => faultEffect(op.f)?.kind === 'start').map((op) => familyOf(op))).toEqual([...FAULT_FAMILIES]);
  });
});
