// The in-memory log with a snapshot offset (§5.3, §7) and its "unstable" suffix for the host.
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../src/raft/log.js';
import { createRng } from '../../src/raft/rng.js';
import { quorumValue, quorumSize } from '../../src/raft/quorum.js';
import { asIndex, asTerm } from '../../src/raft/types.js';
import { logOfTerms } from './helpers/core.js';

const logWith = (terms: number[], snapshot: { lastIndex: number; lastTerm: number } | null = null): RaftLog =>
  new RaftLog({
    hardState: { term: asTerm(9), votedFor: null, commit: asIndex(snapshot?.lastIndex ?? 0) },
    snapshot: snapshot && { lastIndex: asIndex(snapshot.lastIndex), lastTerm: asTerm(snapshot.lastTerm), data: '' },
    entries: logOfTerms(terms, (snapshot?.lastIndex ?? 0) + 1),
  });

describe('RaftLog', () => {
  it('knows terms after the snapshot, the snapshot term itself, and nothing before it', () => {
    const log = logWith([3, 3, 4], { lastIndex: 5, lastTerm: 2 });
    expect([log.term(4), log.term(5), log.term(6), log.term(8), log.term(9)]).toEqual([null, 2, 3, 4, null]);
    expect([log.lastIndex(), log.lastTerm()]).toEqual([8, 4]);
    expect(log.slice(1, 20).map((e) => e.index)).toEqual([6, 7, 8]);
  });

  it('rejects persisted entries with a gap', () => {
    expect(
      () =>
        new RaftLog({
          hardState: { term: asTerm(1), votedFor: null, commit: asIndex(0) },
          snapshot: null,
          entries: [...logOfTerms([1]), ...logOfTerms([1], 3)],
        }),
    ).toThrow(/entry 1 has index 3, expected 2/);
  });

  it('finds the run of a term for conflict hints and the leader\'s last entry of a term', () => {
    const log = logWith([1, 2, 2, 2, 4, 4]);
    expect(log.firstIndexOfTermAt(4)).toBe(2);
    expect(log.lastIndexOfTerm(asTerm(2), 6)).toBe(4);
    expect(log.lastIndexOfTerm(asTerm(3), 6)).toBe(0);
  });

  it('hands out appended entries once, and re-hands a kept entry after a bare truncation', () => {
    const log = logWith([1, 1]);
    log.append(logOfTerms([2, 2], 3));
    expect(log.takeUnstable().map((e) => e.index)).toEqual([3, 4]);
    expect(log.hasUnstable()).toBe(false);
    log.truncateFrom(4);
    expect(log.hasUnstable()).toBe(true);
    expect(log.takeUnstable().map((e) => e.index)).toEqual([3]);
  });

  it('compaction keeps the last covered term and the entries after it', () => {
    const log = logWith([1, 1, 2, 2]);
    log.applied = asIndex(3);
    const snap = log.compact(asIndex(3), 'img');
    expect(snap).toEqual({ lastIndex: 3, lastTerm: 2, data: 'img' });
    expect([log.snapshotIndex, log.term(3), log.slice(1, 9).map((e) => e.index)]).toEqual([3, 2, [4]]);
    expect(log.compact(asIndex(2), 'old')).toBeNull();
  });
});

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(1);
    const b = createRng(1);
    const c = createRng(2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('int(n) stays in [0, n) and covers it', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let k = 0; k < 1000; k++) {
      const v = rng.int(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
    expect(() => rng.int(0)).toThrow(/maxExclusive must be a positive integer, got 0/);
  });
});

describe('quorum', () => {
  it('majorities and the majority-replicated index', () => {
    expect([1, 2, 3, 4, 5].map(quorumSize)).toEqual([1, 2, 2, 3, 3]);
    expect(quorumValue([9, 3, 5])).toBe(5);
    expect(quorumValue([9, 3, 5, 1, 7])).toBe(5);
  });

  it('agrees with the naive definition (sort descending, take the quorum-th) on random inputs', () => {
    const seed = 77;
    const rng = createRng(seed);
    for (let k = 0; k < 2000; k++) {
      const values = Array.from({ length: 1 + rng.int(7) }, () => rng.int(12));
      const naive = [...values].sort((a, b) => b - a)[quorumSize(values.length) - 1];
      expect(quorumValue(values), `seed ${seed}, values ${values.join(',')}`).toBe(naive);
    }
  });
});
