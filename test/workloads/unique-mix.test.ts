// The simulator's default mix as a workload: 40/40/20 read/write/cas over the keys, every written
// value unique in the run, cas expecting a value written before; a fresh instance starts over.
import { describe, expect, it } from 'vitest';
import { uniqueMixWorkload } from '../../workloads/unique-mix.js';
import { seededRng } from '../../src/util/rng.js';

describe('unique-mix', () => {
  it('draws unique written values, the 40/40/20 mix, keys k0..k<n-1>', () => {
    const seed = 11;
    const w = uniqueMixWorkload();
    const rng = seededRng(seed);
    const ops = Array.from({ length: 5000 }, () => w.next(rng, { keys: 3 }));
    const written = ops.flatMap((op) => (op.f === 'write' ? [op.value as number] : op.f === 'cas' ? [(op.value as [number, number])[1]] : []));
    expect(new Set(written).size, `seed ${seed}`).toBe(written.length);
    for (const op of ops) expect(['k0', 'k1', 'k2']).toContain(op.key);
    const share = (f: string) => ops.filter((op) => op.f === f).length / ops.length;
    expect(share('read')).toBeGreaterThan(0.36);
    expect(share('read')).toBeLessThan(0.44);
    expect(share('cas')).toBeGreaterThan(0.17);
    expect(share('cas')).toBeLessThan(0.23);
    for (const op of ops.filter((o) => o.f === 'cas')) {
      const [from, to] = op.value as [number, number];
      expect(from).toBeLessThan(to);
    }
    const again = uniqueMixWorkload().next(seededRng(seed), { keys: 3 });
    expect(again).toEqual(ops[0]);
    expect(w.keys({ keys: 3 })).toEqual(['k0', 'k1', 'k2']);
  });
});
