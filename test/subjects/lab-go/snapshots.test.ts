// --lab-snapshot-every: the values it takes, the 2D API read from a package's source, and the
// default (the tester's 10 when the package has Snapshot, else none).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/util/exit-codes.js';
import { LAB_SNAPSHOT_INTERVAL, resolveSnapshotEvery, snapshotApi, snapshotEveryFlag } from '../../../src/subjects/lab-go/snapshots.js';

describe('--lab-snapshot-every', () => {
  it('takes a whole number from 0, or nothing', () => {
    expect(snapshotEveryFlag(undefined)).toBeUndefined();
    expect(snapshotEveryFlag(0)).toBe(0);
    expect(snapshotEveryFlag(10)).toBe(10);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2_000_000, '10'])('refuses %s, naming the flag', (v) => {
    expect(() => snapshotEveryFlag(v)).toThrow(UsageError);
    expect(() => snapshotEveryFlag(v)).toThrow(/^--lab-snapshot-every must be a whole number of applied commands from 0/);
  });

  const stub2023 = 'func (rf *Raft) Snapshot(index int, snapshot []byte) {\n\t// Your code here (2D).\n}\n';
  const cond2021 = 'func (rf *Raft) CondInstallSnapshot(lastIncludedTerm int, lastIncludedIndex int, snapshot []byte) bool {\n\treturn true\n}\n';

  it('reads which 2D methods a package declares', () => {
    expect(snapshotApi([stub2023])).toEqual({ snapshot: true, condInstallSnapshot: false });
    expect(snapshotApi(['package raft\n', stub2023.replace('rf *Raft', 'r  *Raft') + cond2021])).toEqual({ snapshot: true, condInstallSnapshot: true });
    // 2020's skeleton: neither; a function of another type or a call is not the method.
    expect(snapshotApi(['func (ps *Persister) Snapshot(i int) {}\nfunc x() { rf.Snapshot(1, nil) }\n'])).toEqual({ snapshot: false, condInstallSnapshot: false });
  });

  it('defaults to the tester\'s interval with Snapshot, to none without; refuses N > 0 without Snapshot', () => {
    const with2D = { snapshot: true, condInstallSnapshot: false };
    const without = { snapshot: false, condInstallSnapshot: false };
    expect(resolveSnapshotEvery(undefined, with2D, '/lab')).toBe(LAB_SNAPSHOT_INTERVAL);
    expect(LAB_SNAPSHOT_INTERVAL).toBe(10);
    expect(resolveSnapshotEvery(undefined, without, '/lab')).toBe(0);
    expect(resolveSnapshotEvery(0, with2D, '/lab')).toBe(0);
    expect(resolveSnapshotEvery(3, with2D, '/lab')).toBe(3);
    expect(resolveSnapshotEvery(0, without, '/lab')).toBe(0);
    expect(() => resolveSnapshotEvery(10, without, '/lab')).toThrow(/--lab-snapshot-every 10: \/lab has no func \(rf \*Raft\) Snapshot\(index int, snapshot \[\]byte\)/);
  });
});
