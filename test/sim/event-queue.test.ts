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
});
