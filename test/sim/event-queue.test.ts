import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';
import { createRng } from '../../src/raft/index.js';

describe('EventQueue', () => {
  it('pops in (time, insertion order), checked against a sort over 5000 random events', () => {
    const rng = createRng(42);
    const q = new EventQueue<{ timeUs: number; seq: number; label: number }>();
    const all: { timeUs: number; label: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const timeUs = rng.int(200); // many equal times
      q.push({ timeUs, seq: 0, label: i });
      all.push({ timeUs, label: i });
    }
    const want = all.slice().sort((a, b) => a.timeUs - b.timeUs || a.label - b.label).map((e) => e.label);
    const got: number[] = [];
    while (q.size > 0) got.push(q.pop()!.label);
    expect(got).toEqual(want);
    expect(q.pop()).toBeUndefined();
    expect(q.peekTimeUs()).toBe(Infinity);
  });

  it('near and far heaps interleave into the one (time, insertion) order while the clock moves', () => {
    const seed = 7;
    const rng = createRng(seed);
    // A 100 us horizon so that both heaps are busy; delays up to 400 us, many equal times.
    const q = new EventQueue<{ timeUs: number; seq: number; label: number }>(100);
    const pending: { timeUs: number; label: number }[] = []; // the reference: a linear scan
    let nowUs = 0;
    let label = 0;
    const got: number[] = [];
    const want: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (pending.length === 0 || rng.int(3) > 0) {
        const timeUs = nowUs + rng.int(4) * rng.int(100);
        q.push({ timeUs, seq: 0, label });
        pending.push({ timeUs, label });
        label++;
        continue;
      }
      let best = 0;
      for (let k = 1; k < pending.length; k++) {
        const a = pending[k]!;
        const b = pending[best]!;
        if (a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.label < b.label)) best = k;
      }
      const [next] = pending.splice(best, 1);
      want.push(next!.label);
      expect(q.peekTimeUs()).toBe(next!.timeUs);
      const ev = q.pop()!;
      got.push(ev.label);
      nowUs = ev.timeUs;
    }
    expect(got, `seed ${seed}`).toEqual(want);
    expect(q.size).toBe(pending.length);
  });
});
