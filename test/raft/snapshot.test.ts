// Log compaction and InstallSnapshot (§7; lab 2D).
import { describe, expect, it } from 'vitest';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import type { InstallSnapshot, NodeId } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { drain, logTerms, makeCore, onlyOfType } from './helpers/core.js';

const snapshotMsg = (term: number, lastIndex: number, lastTerm: number): InstallSnapshot => ({
  type: 'InstallSnapshot',
  from: asNodeId(2),
  to: asNodeId(1),
  term: asTerm(term),
  snapshot: { lastIndex: asIndex(lastIndex), lastTerm: asTerm(lastTerm), data: 'image' },
});

describe('compaction (§7)', () => {
  it('compact(index) trims the log but keeps the term of the last covered entry', () => {
    const c = new Cluster({ size: 1 });
    c.electLeader();
    for (let i = 0; i < 5; i++) c.propose(`v${i}`);
    c.compact(1, 4);
    const st = c.core(1).status();
    expect(st).toMatchObject({ snapshotIndex: 4, lastIndex: 6 });
    expect(c.core(1).entries(asIndex(1), asIndex(6)).map((e) => e.index)).toEqual([5, 6]);
    expect(drain(c.core(1)).events).toContainEqual({ kind: 'snapshot', lastIndex: 4, lastTerm: st.lastTerm, installed: false });
  });

  it('refuses to compact beyond what was applied', () => {
    const core = makeCore({ term: 1, terms: [1, 1, 1], commit: 1 });
    expect(() => core.compact(asIndex(3), 'x')).toThrow(/beyond the applied index/);
  });

  it('a restarted node loads the snapshot, then the remaining log', () => {
    const c = new Cluster({ size: 3, seed: 9 });
    c.electLeader();
    for (let i = 0; i < 6; i++) c.propose(`v${i}`);
    c.tick(2);
    for (const id of c.ids) c.compact(id, 5);
    c.crash(2);
    c.restart(2);
    expect(c.core(2).status()).toMatchObject({ snapshotIndex: 5, lastIndex: 7, applied: 5 });
    c.tick(3);
    expect(c.core(2).status().applied).toBe(7);
  });
});

describe('InstallSnapshot (§7)', () => {
  it('a leader sends its snapshot to a follower that needs compacted entries; the follower installs it', () => {
    const c = new Cluster({ size: 3, seed: 11 });
    const leader = c.electLeader();
    const lagging = c.ids.find((id) => id !== leader) as NodeId;
    c.disconnect(lagging);
    for (let i = 0; i < 20; i++) c.propose(`v${i}`);
    c.tick(2);
    c.compact(leader, 15);
    c.connect(lagging);
    c.tick(5);
    const installs = c.sent.filter((m) => m.type === 'InstallSnapshot' && m.to === lagging);
    expect(installs).toHaveLength(1);
    expect(c.snapshotsInstalled.get(lagging)?.map((s) => s.lastIndex)).toEqual([15]);
    expect(c.events.get(lagging)).toContainEqual({ kind: 'snapshot', lastIndex: 15, lastTerm: expect.any(Number), installed: true });
    const st = c.core(lagging).status();
    expect(st).toMatchObject({ snapshotIndex: 15, lastIndex: 21, commit: 21, applied: 21 });
    // The state machine was restored from the image, then applied the entries after it.
    expect(c.applied.get(lagging)?.map((e) => e.index)).toEqual([16, 17, 18, 19, 20, 21]);
  });

  it('a follower with a conflicting log discards all of it (§7)', () => {
    const core = makeCore({ term: 2, terms: [1, 1, 2, 2] });
    core.step(snapshotMsg(3, 6, 3));
    const rd = drain(core);
    expect(rd.snapshot).toEqual({ lastIndex: 6, lastTerm: 3, data: 'image' });
    expect(rd.mustSync).toBe(true);
    expect(rd.committedEntries).toEqual([]);
    expect(core.status()).toMatchObject({ snapshotIndex: 6, lastIndex: 6, commit: 6, applied: 6, lastTerm: 3 });
    expect(onlyOfType(rd.messages, 'InstallSnapshotReply')[0]).toMatchObject({ matchIndex: 6, term: 3 });
    expect(rd.events).toContainEqual({ kind: 'truncate', fromIndex: 1, term: 3 });
  });

  it('a follower whose log holds the snapshot\'s last entry keeps what follows it (§7)', () => {
    const core = makeCore({ term: 2, terms: [1, 1, 2, 2, 2] });
    core.step(snapshotMsg(2, 3, 2));
    const rd = drain(core);
    expect(rd.snapshot).toBeNull();
    expect(logTerms(core)).toEqual([1, 1, 2, 2, 2]);
    expect(core.status().commit).toBe(3);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2, 3]);
  });

  it('an old snapshot (covered by our commit index) is acknowledged and ignored', () => {
    const core = makeCore({ term: 2, terms: [1, 1, 2, 2], commit: 4 });
    core.step(snapshotMsg(2, 2, 1));
    const rd = drain(core);
    expect(rd.snapshot).toBeNull();
    expect(onlyOfType(rd.messages, 'InstallSnapshotReply')[0]).toMatchObject({ matchIndex: 4 });
  });

  it('a lost snapshot is resent after an election timeout', () => {
    const c = new Cluster({ size: 3, seed: 12 });
    const leader = c.electLeader();
    const lagging = c.ids.find((id) => id !== leader) as NodeId;
    c.disconnect(lagging);
    for (let i = 0; i < 5; i++) c.propose(`v${i}`);
    c.tick(2);
    c.compact(leader, 5);
    c.connect(lagging);
    let lost = 0;
    c.dropIf = (m) => m.type === 'InstallSnapshot' && lost++ === 0;
    c.tick(25);
    expect(lost).toBe(2);
    expect(c.core(lagging).status().snapshotIndex).toBe(5);
    expect(c.sent.filter((m) => m.type === 'InstallSnapshot')).toHaveLength(2);
  });
});
