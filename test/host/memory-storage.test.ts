import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/host/memory-storage.js';
import type { Entry } from '../../src/raft/types.js';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';

const e = (index: number, term: number): Entry => ({ index: asIndex(index), term: asTerm(term), kind: 'normal', data: `${index}/${term}` });
const snap = (lastIndex: number, lastTerm: number) => ({ lastIndex: asIndex(lastIndex), lastTerm: asTerm(lastTerm), data: `s${lastIndex}` });

describe('MemoryStorage', () => {
  it('starts empty, appends, and truncates from a rewritten index', () => {
    const s = new MemoryStorage();
    expect(s.load()).toEqual({ hardState: { term: 0, votedFor: null, commit: 0 }, snapshot: null, entries: [] });
    s.save({ hardState: { term: asTerm(1), votedFor: asNodeId(2), commit: asIndex(0) }, snapshot: null, entries: [e(1, 1), e(2, 1), e(3, 1)], mustSync: true });
    s.save({ hardState: null, snapshot: null, entries: [e(2, 2)], mustSync: true });
    expect(s.load().entries).toEqual([e(1, 1), e(2, 2)]);
    expect(s.load().hardState.votedFor).toBe(2);
    expect(() => s.save({ hardState: null, snapshot: null, entries: [e(9, 2)], mustSync: true })).toThrow(/gap/);
  });

  it('compacts up to a snapshot and skips entries it covers', () => {
    const s = new MemoryStorage();
    s.save({ hardState: null, snapshot: null, entries: [e(1, 1), e(2, 1), e(3, 1), e(4, 1)], mustSync: true });
    s.compact(snap(2, 1));
    expect(s.load()).toMatchObject({ snapshot: snap(2, 1), entries: [e(3, 1), e(4, 1)] });
    s.save({ hardState: null, snapshot: null, entries: [e(2, 1), e(3, 1), e(4, 1), e(5, 1)], mustSync: true });
    expect(s.load().entries).toEqual([e(3, 1), e(4, 1), e(5, 1)]);
    expect(s.lastIndex()).toBe(5);
  });

  it('keeps the log after an installed snapshot only if it holds the snapshot entry (§7)', () => {
    const s = new MemoryStorage();
    s.save({ hardState: null, snapshot: null, entries: [e(1, 1), e(2, 1), e(3, 1)], mustSync: true });
    s.save({ hardState: null, snapshot: snap(2, 1), entries: [], mustSync: true });
    expect(s.load().entries).toEqual([e(3, 1)]);
    s.save({ hardState: null, snapshot: snap(3, 5), entries: [], mustSync: true });
    expect(s.load()).toMatchObject({ snapshot: snap(3, 5), entries: [] });
  });
});
