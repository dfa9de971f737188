// Hand-built node event logs, one scenario per invariant: a valid run, then each kind of violation,
// asserting the invariant's name and the records that break it.
import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/history/events.js';
import type { Role } from '../../src/raft/types.js';
import type { InvariantName, InvariantResult } from '../../src/checker/invariants/index.js';
import { checkInvariants } from '../../src/checker/invariants/index.js';

const MS = 1_000_000;

/** Builds per-node logs; every record is 10 ms after the previous one unless `at` moves the clock. */
class Logs {
  readonly logs = new Map<number, NodeEvent[]>();
  timeNs = 0;

  add(node: number, record: Record<string, unknown>): NodeEvent {
    this.timeNs += 10 * MS;
    const ev = { ...record, node, time: this.timeNs } as NodeEvent;
    let list = this.logs.get(node);
    if (list === undefined) {
      list = [];
      this.logs.set(node, list);
    }
    list.push(ev);
    return ev;
  }
  at(timeNs: number): this {
    this.timeNs = timeNs - 10 * MS;
    return this;
  }
  boot(node: number, s: Partial<{ term: number; votedFor: number | null; commit: number; lastIndex: number; snapshotIndex: number }> = {}): NodeEvent {
    return this.add(node, { kind: 'boot', term: 0, votedFor: null, commit: 0, lastIndex: 0, snapshotIndex: 0, ...s });
  }
  term(node: number, term: number): NodeEvent {
    return this.add(node, { kind: 'term', term });
  }
  role(node: number, role: Role, term: number, leader: number | null = null): NodeEvent {
    return this.add(node, { kind: 'role', role, term, leader });
  }
  vote(node: number, term: number, candidate: number): NodeEvent {
    return this.add(node, { kind: 'vote', term, for: candidate });
  }
  append(node: number, index: number, term: number, id: string): NodeEvent {
    return this.add(node, { kind: 'append', index, term, id });
  }
  truncate(node: number, fromIndex: number, term: number): NodeEvent {
    return this.add(node, { kind: 'truncate', fromIndex, term });
  }
  commit(node: number, index: number, term: number): NodeEvent {
    return this.add(node, { kind: 'commit', index, term });
  }
  apply(node: number, index: number, term: number, id: string): NodeEvent {
    return this.add(node, { kind: 'apply', index, term, id });
  }
  snapshot(node: number, lastIndex: number, lastTerm: number, installed: boolean): NodeEvent {
    return this.add(node, { kind: 'snapshot', lastIndex, lastTerm, installed });
  }
  /** A full election: candidate's term, role, self-vote; the voters' terms and votes; leader role. */
  elect(candidate: number, term: number, voters: readonly number[]): NodeEvent {
    this.term(candidate, term);
    this.role(candidate, 'candidate', term);
    this.vote(candidate, term, candidate);
    for (const v of voters) {
      this.term(v, term);
      this.vote(v, term, candidate);
    }
    return this.role(candidate, 'leader', term, candidate);
  }
  /** Append on every node, commit and apply on every node. */
  replicate(nodes: readonly number[], index: number, term: number, id: string): void {
    for (const n of nodes) this.append(n, index, term, id);
    for (const n of nodes) {
      this.commit(n, index, term);
      this.apply(n, index, term, id);
    }
  }
  bootAll(nodes: readonly number[]): void {
    for (const n of nodes) this.boot(n);
  }
}

function only(result: InvariantResult, invariant: InvariantName) {
  const found = result.violations.filter((v) => v.invariant === invariant);
  const others = result.violations.filter((v) => v.invariant !== invariant);
  expect(others.map((v) => v.message)).toEqual([]);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe('a valid run', () => {
  it('passes every invariant and reports the leader intervals', () => {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    const lead1 = b.elect(1, 1, [2, 3]);
    b.replicate([1, 2, 3], 1, 1, 'a');
    b.replicate([1, 2, 3], 2, 1, 'b');
    // Node 1 crashes; node 2 wins term 2 with node 3's vote.
    const last1 = b.commit(1, 2, 1);
    b.boot(1, { term: 1, votedFor: 1, commit: 2, lastIndex: 2 });
    b.apply(1, 1, 1, 'a');
    b.apply(1, 2, 1, 'b');
    const lead2 = b.elect(2, 2, [3, 1]);
    b.replicate([2, 3, 1], 3, 2, 'c');
    // Node 3 compacts its log; node 1 installs a snapshot from node 2 and resumes after it.
    b.snapshot(3, 3, 2, false);
    b.snapshot(1, 3, 2, true);
    b.append(2, 4, 2, 'd');
    b.append(1, 4, 2, 'd');
    b.append(3, 4, 2, 'd');
    for (const n of [2, 1, 3]) {
      b.commit(n, 4, 2);
      b.apply(n, 4, 2, 'd');
    }
    const result = checkInvariants(b.logs, { healTimeNs: 0, livenessBoundNs: 10_000 * MS });
    expect(result.violations).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.checked).toContain('leader-completeness');
    expect(result.checked).toContain('liveness');
    expect(result.stats.terms).toBe(2);
    expect(result.stats.elections).toBe(2);
    expect(result.stats.electionAttempts).toBe(2);
    expect(result.stats.maxAppliedIndex).toBe(4);
    expect(result.stats.leaders).toEqual([
      { term: 1, node: 1, fromNs: lead1.time, toNs: last1.time },
      { term: 2, node: 2, fromNs: lead2.time, toNs: null },
    ]);
    expect(result.stats.nodes.map((n) => [n.node, n.boots, n.lastApplied, n.lastAppliedId])).toEqual([
      [1, 2, 4, 'd'],
      [2, 1, 4, 'd'],
      [3, 1, 4, 'd'],
    ]);
  });

  it('is unknown with a warning when there is nothing to check', () => {
    const result = checkInvariants(new Map(), {});
    expect(result.valid).toBe('unknown');
    expect(result.warnings.join()).toMatch(/no event log records/);
  });
});

describe('election safety (§5.2)', () => {
  it('catches two leaders in one term', () => {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    const first = b.elect(1, 1, [2]);
    b.term(3, 1);
    b.role(3, 'candidate', 1);
    const second = b.role(3, 'leader', 1, 3);
    const result = checkInvariants(b.logs);
    expect(result.valid).toBe(false);
    const [v] = only(result, 'election-safety');
    expect(v!.events).toEqual([first, second]);
    expect(v!.message).toMatch(/nodes 1 and 3 were both leader in term 1/);
  });
});

describe('terms never decrease (§5.1)', () => {
  it('catches a term going back within one incarnation', () => {
    const b = new Logs();
    b.boot(1);
    const up = b.term(1, 5);
    const down = b.role(1, 'candidate', 4);
    const result = checkInvariants(b.logs);
    const [v] = only(result, 'term-monotonic');
    expect(v!.events).toEqual([up, down]);
    expect(v!.certain).toBe(true);
  });

  it('catches a restart with a lower term than a vote made before the crash', () => {
    const b = new Logs();
    b.boot(1);
    const vote = b.vote(1, 3, 2);
    b.append(1, 1, 3, 'x');
    b.at(vote.time + 100 * MS);
    b.append(1, 2, 3, 'y'); // written well after the vote: the vote was persisted
    const boot = b.boot(1, { term: 2, lastIndex: 2 });
    const result = checkInvariants(b.logs);
    expect(result.valid).toBe(false);
    const [v] = only(result, 'term-monotonic');
    expect(v!.events).toEqual([vote, boot]);
    expect(v!.certain).toBe(true);
  });

  it('accepts a restart below a term that was only seen, never voted or acted on', () => {
    const b = new Logs();
    b.boot(1, { term: 1 });
    b.term(1, 7);
    b.append(1, 1, 1, 'x');
    b.boot(1, { term: 1, lastIndex: 1 });
    expect(checkInvariants(b.logs).valid).toBe(true);
  });

  it('is unknown, not false, when the vote was the last record before the crash', () => {
    const b = new Logs();
    b.boot(1);
    b.vote(1, 3, 2);
    b.at(b.timeNs + 1 * MS);
    const boot = b.boot(1, { term: 2 });
    const result = checkInvariants(b.logs);
    expect(result.valid).toBe('unknown');
    const [v] = only(result, 'term-monotonic');
    expect(v!.certain).toBe(false);
    expect(v!.events[1]).toBe(boot);
  });
});

describe('one vote per term (§5.2), across restarts', () => {
  it('catches two votes in one term', () => {
    const b = new Logs();
    b.boot(1);
    const first = b.vote(1, 2, 2);
    const second = b.vote(1, 2, 3);
    const [v] = only(checkInvariants(b.logs), 'vote-once');
    expect(v!.events).toEqual([first, second]);
    expect(v!.certain).toBe(true);
  });

  it('catches a node that forgets its vote across a restart and votes again', () => {
    const b = new Logs();
    b.boot(1);
    const vote = b.vote(1, 2, 2);
    b.commit(1, 1, 1);
    b.apply(1, 1, 1, 'a'); // a later apply proves the vote was persisted
    const boot = b.boot(1, { term: 2, votedFor: null });
    const again = b.vote(1, 2, 3);
    const result = checkInvariants(b.logs);
    expect(result.valid).toBe(false);
    const found = result.violations.filter((v) => v.invariant === 'vote-once');
    expect(found.map((v) => v.events)).toEqual([
      [vote, boot],
      [vote, again],
    ]);
    expect(found.every((v) => v.certain)).toBe(true);
  });

  it('accepts a node that keeps its vote across a restart', () => {
    const b = new Logs();
    b.boot(1);
    b.vote(1, 2, 2);
    b.boot(1, { term: 2, votedFor: 2 });
    b.vote(1, 2, 2); // granting the same candidate again is allowed
    b.vote(1, 3, 3);
    expect(checkInvariants(b.logs).violations).toEqual([]);
  });
});

describe('log matching (§5.3)', () => {
  it('catches two entries with the same index and term but different ids', () => {
    const b = new Logs();
    b.bootAll([1, 2]);
    const x = b.append(1, 1, 1, 'x');
    const y = b.append(2, 1, 1, 'y');
    const [v] = only(checkInvariants(b.logs), 'log-matching');
    expect(v!.events).toEqual([x, y]);
  });

  it('catches logs that agree at an index but not before it', () => {
    const b = new Logs();
    b.bootAll([1, 2]);
    b.append(1, 1, 1, 'a');
    const top1 = b.append(1, 2, 2, 'b');
    const other = b.append(2, 1, 2, 'z');
    const top2 = b.append(2, 2, 2, 'b');
    const [v] = only(checkInvariants(b.logs), 'log-matching');
    expect(v!.events).toEqual([top1, other, top2]);
    expect(v!.message).toMatch(/agree at index 2 \(term 2\) but not at index 1 \(terms 1 and 2\)/);
  });

  it('tracks truncations: a replaced suffix is no longer compared', () => {
    const b = new Logs();
    b.bootAll([1, 2]);
    b.append(1, 1, 1, 'a');
    b.append(1, 2, 1, 'b');
    b.append(2, 1, 1, 'a');
    b.append(2, 2, 2, 'c'); // node 2 got index 2 from the leader of term 2
    b.truncate(1, 2, 2);
    b.append(1, 2, 2, 'c');
    b.append(1, 3, 2, 'd');
    b.append(2, 3, 2, 'd');
    expect(checkInvariants(b.logs).violations).toEqual([]);
  });

  it('catches a gap and terms that decrease along a log', () => {
    const b = new Logs();
    b.boot(1);
    b.append(1, 1, 3, 'a');
    const low = b.append(1, 2, 2, 'b');
    const gap = b.append(1, 5, 3, 'c');
    const found = only(checkInvariants(b.logs), 'log-matching');
    expect(found.map((v) => v.events.at(-1))).toEqual([low, gap]);
  });
});

describe('conflict truncation (§5.3, AppendEntries receiver step 3)', () => {
  function follower(): Logs {
    const b = new Logs();
    b.boot(2);
    for (const i of [1, 2, 3]) b.append(2, i, 1, `e${i}`);
    return b;
  }

  it('catches entries cut with nothing to replace them (a stale append)', () => {
    const b = follower();
    const cut = b.truncate(2, 2, 1);
    b.commit(2, 1, 1);
    const apply = b.apply(2, 1, 1, 'e1');
    const [v] = only(checkInvariants(b.logs), 'conflict-truncation');
    expect(v!.events.slice(1)).toEqual([cut, apply]);
    expect(v!.message).toMatch(/cut its log from index 2 \(term 1 there\) with no conflicting entry/);
  });

  it('catches a cut where the new entry has the same term as the cut one', () => {
    const b = follower();
    const cut = b.truncate(2, 2, 1);
    const again = b.append(2, 2, 1, 'e2');
    const [v] = only(checkInvariants(b.logs), 'conflict-truncation');
    expect(v!.events.slice(1)).toEqual([cut, again]);
  });

  it('accepts a cut settled by an entry of another term or by an installed snapshot', () => {
    const b = follower();
    b.truncate(2, 3, 2);
    b.commit(2, 1, 2); // core events of the same Ready may come between
    b.append(2, 3, 2, 'x3');
    b.truncate(2, 2, 3);
    b.snapshot(2, 5, 3, true);
    expect(checkInvariants(b.logs).violations).toEqual([]);
  });

  it('catches a cut left unsettled at the end of the log', () => {
    const b = follower();
    b.truncate(2, 3, 1);
    only(checkInvariants(b.logs), 'conflict-truncation');
  });
});

describe('state machine safety (§5.4.3)', () => {
  it('catches two nodes applying different entries at one index', () => {
    const b = new Logs();
    b.bootAll([1, 2]);
    b.append(1, 1, 1, 'a');
    b.commit(1, 1, 1);
    const a = b.apply(1, 1, 1, 'a');
    b.append(2, 1, 2, 'b');
    b.commit(2, 1, 2);
    const other = b.apply(2, 1, 2, 'b');
    const [v] = only(checkInvariants(b.logs), 'state-machine-safety');
    expect(v!.events).toEqual([a, other]);
  });

  it('catches a node that replaces an entry it has applied', () => {
    const b = new Logs();
    b.boot(1);
    const original = b.append(1, 1, 1, 'a');
    b.commit(1, 1, 1);
    const applied = b.apply(1, 1, 1, 'a');
    b.truncate(1, 1, 2);
    const replacement = b.append(1, 1, 2, 'b');
    const [v] = only(checkInvariants(b.logs), 'state-machine-safety');
    expect(v!.events).toEqual([original, applied, replacement]);
  });
});

describe('applied in order without gaps', () => {
  it('catches a skipped index and a repeated one', () => {
    const b = new Logs();
    b.boot(1);
    for (const [i, id] of [[1, 'a'], [2, 'b'], [3, 'c']] as const) b.append(1, i, 1, id);
    b.commit(1, 3, 1);
    b.apply(1, 1, 1, 'a');
    const skip = b.apply(1, 3, 1, 'c');
    const again = b.apply(1, 3, 1, 'c');
    const found = only(checkInvariants(b.logs), 'apply-order');
    expect(found.map((v) => v.events.at(-1))).toEqual([skip, again]);
    expect(found[0]!.message).toMatch(/indexes 2\.\.2 were skipped/);
  });

  it('resumes after the snapshot at boot and after an installed snapshot', () => {
    const b = new Logs();
    b.boot(1, { term: 1, commit: 5, lastIndex: 6, snapshotIndex: 4 });
    b.apply(1, 5, 1, 'e'); // entries 5..6 were persisted before the restart
    b.snapshot(1, 10, 1, true);
    b.append(1, 11, 1, 'k');
    b.commit(1, 11, 1);
    b.apply(1, 11, 1, 'k');
    const result = checkInvariants(b.logs);
    expect(result.violations).toEqual([]);
  });

  it('catches an installed snapshot that takes the state machine back', () => {
    const b = new Logs();
    b.boot(1, { term: 1, commit: 3, lastIndex: 3 });
    b.apply(1, 1, 1, 'a');
    b.apply(1, 2, 1, 'b');
    b.apply(1, 3, 1, 'c');
    const back = b.snapshot(1, 2, 1, true);
    const [v] = only(checkInvariants(b.logs), 'apply-order');
    expect(v!.events.at(-1)).toBe(back);
  });
});

describe('only committed entries are applied', () => {
  it('catches an apply above the commit index', () => {
    const b = new Logs();
    b.boot(1);
    b.append(1, 1, 1, 'a');
    b.append(1, 2, 1, 'b');
    b.commit(1, 1, 1);
    b.apply(1, 1, 1, 'a');
    const early = b.apply(1, 2, 1, 'b');
    const [v] = only(checkInvariants(b.logs), 'apply-committed');
    expect(v!.events).toEqual([early]);
  });
});

describe('leader completeness (§5.4.1)', () => {
  it('catches a leader elected without an entry committed in an earlier term', () => {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    b.elect(1, 1, [2]);
    b.append(1, 1, 1, 'a');
    b.append(2, 1, 1, 'a');
    b.commit(1, 1, 1);
    const applied = b.apply(1, 1, 1, 'a');
    // Node 3 never got index 1, yet becomes leader of term 2 (a broken vote).
    const lead = b.elect(3, 2, [2]);
    const result = checkInvariants(b.logs);
    expect(result.valid).toBe(false);
    const [v] = only(result, 'leader-completeness');
    expect(v!.events).toEqual([applied, lead]);
    expect(v!.message).toMatch(/node 3 became leader of term 2 without index 1/);
  });

  it('catches a leader holding a different entry at a committed index', () => {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    b.elect(1, 2, [2]);
    b.append(1, 1, 2, 'a');
    b.append(2, 1, 2, 'a');
    b.commit(1, 1, 2);
    const applied = b.apply(1, 1, 2, 'a');
    const stale = b.append(3, 1, 1, 'old');
    const lead = b.elect(3, 3, [2]);
    const [v] = only(checkInvariants(b.logs), 'leader-completeness');
    expect(v!.events).toEqual([applied, stale, lead]);
  });

  it('does not ask a leader of an earlier term for entries committed in a later one', () => {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    b.append(1, 1, 1, 'a');
    b.elect(2, 3, [3]);
    b.append(2, 1, 1, 'a');
    b.append(3, 1, 1, 'a');
    b.append(2, 2, 3, 'n');
    b.append(3, 2, 3, 'n');
    b.commit(2, 2, 3);
    b.apply(2, 1, 1, 'a');
    b.apply(2, 2, 3, 'n');
    // A stale election of term 2 finishes late (node 1 had the votes before term 3 began).
    b.role(1, 'candidate', 2);
    b.role(1, 'leader', 2, 1);
    expect(checkInvariants(b.logs).violations).toEqual([]);
  });

  it('accepts a leader whose snapshot covers the committed entries', () => {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    b.elect(1, 1, [2]);
    b.replicate([1, 2], 1, 1, 'a');
    b.snapshot(3, 1, 1, true);
    b.elect(3, 2, [2]);
    expect(checkInvariants(b.logs).violations).toEqual([]);
  });
});

describe('liveness after the final heal', () => {
  function healed(): Logs {
    const b = new Logs();
    b.bootAll([1, 2, 3]);
    b.elect(1, 1, [2, 3]);
    b.replicate([1, 2, 3], 1, 1, 'a');
    return b;
  }

  it('passes when a leader exists and the nodes converge', () => {
    const b = healed();
    expect(checkInvariants(b.logs, { healTimeNs: b.timeNs, livenessBoundNs: 1000 * MS }).valid).toBe(true);
  });

  it('catches no leader within the bound after the heal', () => {
    const b = healed();
    b.role(1, 'follower', 2);
    const healNs = b.timeNs + 100 * MS;
    b.at(healNs + 5000 * MS);
    b.elect(2, 3, [1, 3]);
    const result = checkInvariants(b.logs, { healTimeNs: healNs, livenessBoundNs: 1000 * MS });
    expect(result.valid).toBe(false);
    const [v] = only(result, 'liveness');
    expect(v!.time).toBe(healNs + 1000 * MS);
    expect(v!.message).toMatch(/no node was leader within 1000 ms/);
    // Without a bound, the late leader is enough.
    expect(checkInvariants(b.logs, { healTimeNs: healNs }).valid).toBe(true);
  });

  it('catches live nodes that do not converge', () => {
    const b = healed();
    b.append(1, 2, 1, 'b');
    b.append(2, 2, 1, 'b');
    b.commit(1, 2, 1);
    b.apply(1, 2, 1, 'b');
    b.commit(2, 2, 1);
    b.apply(2, 2, 1, 'b');
    const result = checkInvariants(b.logs, { healTimeNs: 0 });
    const [v] = only(result, 'liveness');
    expect(v!.message).toMatch(/node 3 ended having applied up to index 1, node 1 up to 2/);
    // Node 3 may be excluded as not live.
    expect(checkInvariants(b.logs, { healTimeNs: 0, liveNodes: [1, 2] }).valid).toBe(true);
  });
});

describe('the violation cap', () => {
  it('keeps counting past the cap and stays invalid', () => {
    const b = new Logs();
    b.bootAll([1, 2]);
    for (let i = 1; i <= 30; i++) {
      b.append(1, i, 1, `a${i}`);
      b.append(2, i, 1, `b${i}`);
    }
    const result = checkInvariants(b.logs, { maxViolationsPerInvariant: 5 });
    expect(result.valid).toBe(false);
    expect(result.violations.length).toBe(5);
    expect(result.stats.violationCounts['log-matching']).toBe(30);
  });
});
