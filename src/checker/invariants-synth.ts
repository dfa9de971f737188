// Synthetic event logs of a tiny, correct Raft-like cluster, for the checker's randomized tests and
// its benchmark. Not the real core: an abstract model where an election, a replication to one
// follower, a crash or a restart is one atomic step, so every log it writes is valid by construction
// (elections by §5.2/§5.4.1, replication by §5.3, commit by §5.4.2, snapshots by §7).
import type { NodeEvent } from '../history/events.js';

/** A small seeded generator (mulberry32), so a seed replays the same logs. */
import { seededRandom } from './generate-history.js';
export { seededRandom };

export interface SynthOptions {
  readonly seed: number;
  readonly nodes: number;
  /** Stop after about this many records in total. */
  readonly records: number;
  /** Take a local snapshot every this many applied entries (0 = never). */
  readonly snapshotEvery?: number;
  /** Allow crashes and restarts. */
  readonly crashes?: boolean;
}

export interface SynthLogs {
  readonly logs: Map<number, NodeEvent[]>;
  /** The time of the final heal (every node restarted, then a leader commits). */
  readonly healTimeNs: number;
}

interface Entry {
  readonly term: number;
  readonly id: string;
}

interface SimNode {
  readonly id: number;
  alive: boolean;
  term: number;
  votedFor: number | null;
  role: 'follower' | 'candidate' | 'leader';
  /** log[k] is the entry at index snapshotIndex + 1 + k. */
  log: Entry[];
  snapshotIndex: number;
  snapshotTerm: number;
  commit: number;
  applied: number;
  /** Leader only: the highest index known to be on each peer. */
  match: Map<number, number>;
}

const STEP_NS = 1_000_000;

export function synthesizeLogs(options: SynthOptions): SynthLogs {
  const rnd = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const snapshotEvery = options.snapshotEvery ?? 0;
  const logs = new Map<number, NodeEvent[]>();
  const nodes: SimNode[] = [];
  let timeNs = 0;
  let written = 0;
  let nextId = 1;
  const majority = Math.floor(options.nodes / 2) + 1;

  const emit = (n: SimNode, ev: Record<string, unknown>): void => {
    logs.get(n.id)!.push({ ...ev, node: n.id, time: timeNs } as NodeEvent);
    written += 1;
  };
  const lastIndex = (n: SimNode): number => n.snapshotIndex + n.log.length;
  const termAt = (n: SimNode, i: number): number =>
    i === n.snapshotIndex ? n.snapshotTerm : i < n.snapshotIndex ? -1 : (n.log[i - n.snapshotIndex - 1]?.term ?? -1);
  const lastTerm = (n: SimNode): number => termAt(n, lastIndex(n));
  const upToDate = (c: SimNode, v: SimNode): boolean =>
    lastTerm(c) > lastTerm(v) || (lastTerm(c) === lastTerm(v) && lastIndex(c) >= lastIndex(v));

  const boot = (n: SimNode): void => {
    n.alive = true;
    n.role = 'follower';
    n.applied = n.snapshotIndex;
    emit(n, {
      kind: 'boot',
      term: n.term,
      votedFor: n.votedFor,
      commit: n.commit,
      lastIndex: lastIndex(n),
      snapshotIndex: n.snapshotIndex,
    });
    applyUpToCommit(n);
  };
  const stepDown = (n: SimNode, term: number): void => {
    if (term > n.term) {
      n.term = term;
      n.votedFor = null;
      emit(n, { kind: 'term', term });
    }
    if (n.role !== 'follower') {
      n.role = 'follower';
      emit(n, { kind: 'role', role: 'follower', term: n.term, leader: null });
    }
  };
  const applyUpToCommit = (n: SimNode): void => {
    while (n.applied < n.commit) {
      n.applied += 1;
      const e = n.log[n.applied - n.snapshotIndex - 1]!;
      emit(n, { kind: 'apply', index: n.applied, term: e.term, id: e.id });
    }
    if (snapshotEvery > 0 && n.applied - n.snapshotIndex >= snapshotEvery) {
      const term = termAt(n, n.applied);
      n.log = n.log.slice(n.applied - n.snapshotIndex);
      n.snapshotIndex = n.applied;
      n.snapshotTerm = term;
      emit(n, { kind: 'snapshot', lastIndex: n.applied, lastTerm: term, installed: false });
    }
  };
  const setCommit = (n: SimNode, commit: number): void => {
    if (commit <= n.commit) return;
    n.commit = commit;
    emit(n, { kind: 'commit', index: commit, term: n.term });
    applyUpToCommit(n);
  };
  const appendLocal = (n: SimNode, entry: Entry): void => {
    n.log.push(entry);
    emit(n, { kind: 'append', index: lastIndex(n), term: entry.term, id: entry.id });
  };

  const elect = (c: SimNode): void => {
    c.term += 1;
    c.votedFor = c.id;
    c.role = 'candidate';
    emit(c, { kind: 'term', term: c.term });
    emit(c, { kind: 'role', role: 'candidate', term: c.term, leader: null });
    emit(c, { kind: 'vote', term: c.term, for: c.id });
    let votes = 1;
    for (const v of nodes) {
      if (v === c || !v.alive) continue;
      timeNs += 1000;
      if (v.term > c.term) {
        stepDown(c, v.term);
        return;
      }
      if (v.term < c.term) stepDown(v, c.term);
      if ((v.votedFor === null || v.votedFor === c.id) && upToDate(c, v)) {
        v.votedFor = c.id;
        emit(v, { kind: 'vote', term: c.term, for: c.id });
        votes += 1;
      }
    }
    if (votes < majority) return;
    c.role = 'leader';
    emit(c, { kind: 'role', role: 'leader', term: c.term, leader: c.id });
    c.match = new Map(nodes.map((n) => [n.id, n === c ? 0 : 0]));
    appendLocal(c, { term: c.term, id: `noop-${c.term}` });
    c.match.set(c.id, lastIndex(c));
  };

  const replicate = (l: SimNode, f: SimNode): void => {
    if (f.term > l.term) {
      stepDown(l, f.term);
      return;
    }
    if (f.term < l.term) stepDown(f, l.term);
    if (f.role !== 'follower') stepDown(f, l.term);
    // The first index where the logs differ (or the follower's log ends).
    let from = Math.max(f.snapshotIndex, l.snapshotIndex) + 1;
    while (from <= lastIndex(l) && from <= lastIndex(f) && termAt(f, from) === termAt(l, from)) from += 1;
    if (from - 1 < l.snapshotIndex || termAt(f, from - 1) !== termAt(l, from - 1)) {
      // The follower lacks what the leader compacted: InstallSnapshot (§7).
      const keep = termAt(f, l.snapshotIndex) === l.snapshotTerm;
      f.log = keep ? f.log.slice(l.snapshotIndex - f.snapshotIndex) : [];
      f.snapshotIndex = l.snapshotIndex;
      f.snapshotTerm = l.snapshotTerm;
      emit(f, { kind: 'snapshot', lastIndex: l.snapshotIndex, lastTerm: l.snapshotTerm, installed: true });
      f.applied = Math.max(f.applied, l.snapshotIndex);
      f.commit = Math.max(f.commit, l.snapshotIndex);
      replicate(l, f);
      return;
    }
    if (from <= lastIndex(f)) {
      emit(f, { kind: 'truncate', fromIndex: from, term: f.term });
      f.log.length = from - f.snapshotIndex - 1;
    }
    for (let i = from; i <= lastIndex(l); i++) appendLocal(f, l.log[i - l.snapshotIndex - 1]!);
    l.match.set(f.id, lastIndex(l));
    // §5.4.2: commit only an entry of the current term, counted on a majority.
    for (let n = lastIndex(l); n > l.commit && termAt(l, n) === l.term; n--) {
      const count = [...l.match.values()].filter((m) => m >= n).length;
      if (count >= majority) {
        setCommit(l, n);
        break;
      }
    }
    setCommit(f, Math.min(l.commit, lastIndex(f)));
  };

  for (let id = 1; id <= options.nodes; id++) {
    logs.set(id, []);
    const n: SimNode = {
      id,
      alive: false,
      term: 0,
      votedFor: null,
      role: 'follower',
      log: [],
      snapshotIndex: 0,
      snapshotTerm: 0,
      commit: 0,
      applied: 0,
      match: new Map(),
    };
    nodes.push(n);
    boot(n);
  }

  const leaderNow = (): SimNode | undefined => {
    const leaders = nodes.filter((n) => n.alive && n.role === 'leader');
    return leaders.sort((a, b) => b.term - a.term)[0];
  };

  while (written < options.records) {
    timeNs += STEP_NS + Math.floor(rnd() * STEP_NS);
    const live = nodes.filter((n) => n.alive);
    const dead = nodes.filter((n) => !n.alive);
    const leader = leaderNow();
    const r = rnd();
    if (leader === undefined || r < 0.02) {
      elect(pick(live));
    } else if (options.crashes === true && r < 0.04 && live.length > majority) {
      const victim = pick(live);
      victim.alive = false;
      victim.role = 'follower';
    } else if (dead.length > 0 && r < 0.07) {
      boot(pick(dead));
    } else if (r < 0.5) {
      appendLocal(leader, { term: leader.term, id: `e${nextId++}` });
      leader.match.set(leader.id, lastIndex(leader));
    } else {
      const followers = live.filter((n) => n !== leader);
      if (followers.length > 0) replicate(leader, pick(followers));
    }
  }

  // The final heal: restart every node, elect the most up-to-date one, replicate to all, commit.
  timeNs += STEP_NS;
  for (const n of nodes) if (!n.alive) boot(n);
  const healTimeNs = timeNs;
  for (let attempt = 0; attempt < 10 && leaderNow() === undefined; attempt++) {
    timeNs += STEP_NS;
    const best = nodes.reduce((a, b) => (upToDate(b, a) ? b : a));
    elect(best);
  }
  const leader = leaderNow();
  if (leader === undefined) throw new Error(`synthesizeLogs: no leader after the heal (seed ${options.seed})`);
  for (let round = 0; round < 2; round++) {
    for (const f of nodes) {
      if (f === leader) continue;
      timeNs += STEP_NS;
      replicate(leader, f);
    }
  }
  return { logs, healTimeNs };
}
