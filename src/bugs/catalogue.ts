// The detection matrix's data: for every bug of src/raft/bugs.ts, the faults and load that expose
// it, the checker expected to catch it, how the simulator plays it and whether a short real run can.
import { BUG_NAMES } from '../raft/bugs.js';
import type { BugName } from '../raft/types.js';
import { DEFAULT_CLIENTS } from '../sim/clients.js';
import { DEFAULT_RUN } from '../sim/run-seed.js';
import type { SimPlan } from './sim-plan.js';
import type { BugScenario } from './types.js';
import { deafStaleLeader } from './scenarios/deaf-stale-leader.js';
import { duplicatingFailover } from './scenarios/duplicating-failover.js';
import { duplicatingNetwork } from './scenarios/duplicating-network.js';
import { figure8 } from './scenarios/figure-8.js';
import { deposedLeaderTail, longStaleLog } from './scenarios/long-stale-log.js';
import { rejoiningCandidate } from './scenarios/rejoining-candidate.js';
import { slowLeaderLease } from './scenarios/slow-leader-lease.js';

export interface CatalogueEntry extends BugScenario {
  readonly sim: SimPlan;
}

/** Flags shared by the real runs: 3 nodes, short, frequent faults, no HTML report. */
const REAL_BASE = ['--nodes', '3', '--time-limit', '8', '--nemesis-interval', '1', '--recovery', '5', '--rate', '60', '--no-report'];

/** Flags shared by the real runs of a directed scenario (its own cluster size and fault schedule). */
const SCENARIO_BASE = ['--time-limit', '12', '--recovery', '5', '--rate', '60', '--no-report'];

/** Basic Raft elections (Raft paper §5.2): no pre-vote, no check-quorum, so a partitioned node raises
 * its term, an isolated leader keeps taking writes, and stale logs meet higher terms on every heal. */
const BASIC_RAFT = ['--pre-vote', 'false', '--check-quorum', 'false'];

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    bug: 'vote-without-log-check',
    nemesis: 'partition + crash (random chaos); real: one follower cut off for 3 s, then healed (run --scenario rejoining-candidate), basic Raft',
    workload: 'built-in multi-key mix (read, write, cas)',
    catchers: ['leader-completeness', 'state-machine-safety', 'log-matching', 'linearizability'],
    why: 'a node missing committed entries wins an election and overwrites them on the others',
    simSeeds: 20,
    sim: { kind: 'chaos', options: { families: ['partition', 'crash'], timeUs: 20_000_000 }, workload: null },
    // Real: basic Raft (no pre-vote) lets a follower cut off by a partition climb terms; on the heal
    // its high-term RequestVote is granted without the log check and it overwrites committed entries.
    // Random partitions caught 3 of 5 seeds (the matrix; crash,partition 0 of 3); the directed
    // rejoining-candidate cut (one follower, 3 s, then healed) caught seeds 1..5 all
    // (leader-completeness, linearizability on 3 of them), the same runs without the bug valid 5/5.
    real: { kind: 'real', args: [...REAL_BASE, ...BASIC_RAFT, '--workload', 'register', '--scenario', 'rejoining-candidate'], budgetS: 30 },
  },
  {
    bug: 'up-to-date-index-before-term',
    nemesis: 'isolate the leader, pile writes on it; then isolate the new leader, old leader clock 2x; real: the same scenario (run --scenario), basic Raft',
    workload: 'register + writes stuck on the old leader',
    catchers: ['leader-completeness', 'state-machine-safety', 'linearizability'],
    why: 'the deposed leader\'s longer log of an older term wins the vote and overwrites committed entries',
    simSeeds: 20,
    sim: { kind: 'directed', name: 'long-stale-log', spec: longStaleLog },
    // Real: the directed scenario on real nodes (5), basic Raft. Random partitions and pauses caught
    // 2 of 5 seeds (a longer log of an older term must meet a shorter, newer one in an election by
    // chance); the scenario builds that meeting: measured seeds 1..5 all caught
    // (leader-completeness), the same runs without the bug valid 5/5, about 18 s each.
    real: { kind: 'real', args: [...SCENARIO_BASE, ...BASIC_RAFT, '--workload', 'register', '--scenario', 'long-stale-log'], budgetS: 40 },
  },
  {
    bug: 'commit-old-term-by-count',
    nemesis: 'Figure 8 played by partitions (5 nodes)',
    workload: 'register + one write at the old leader',
    catchers: ['leader-completeness', 'state-machine-safety'],
    why: 'a leader commits an older-term entry once a majority holds it; a newer-term entry then replaces it',
    simSeeds: 20,
    sim: { kind: 'directed', name: 'figure-8', spec: figure8 },
    real: {
      kind: 'sim-only',
      reason:
        'Figure 8 needs partitions switched within a millisecond of an election and of one acknowledgement; real proxies and process scheduling cannot hit that window. Measured: `run --scenario figure-8 --pre-vote false --check-quorum false` (one entry per append on the real nodes too), 0 of 2 seeds: the new leader c\'s first entry reached the two others 8 ms after its election and was committed 10 ms after it, while the generator, which sees leaders through 50-100 ms status polls, cut c off 30 ms after it led, so c\'s entry was committed, not a conflicting uncommitted one',
    },
  },
  {
    bug: 'vote-not-persisted',
    nemesis: 'crash + restart (random chaos)',
    workload: 'built-in multi-key mix (read, write, cas)',
    catchers: ['vote-once'],
    why: 'a restarted node forgets its vote and votes again in the same term',
    simSeeds: 10,
    sim: { kind: 'chaos', options: { families: ['crash', 'partition'], timeUs: 20_000_000 }, workload: null },
    real: { kind: 'real', args: [...REAL_BASE, '--workload', 'register', '--nemesis', 'crash'], budgetS: 30 },
  },
  {
    bug: 'no-truncate-on-conflict',
    nemesis: 'isolate the leader, pile writes on it; then isolate the new leader, old leader clock 2x; real: the same scenario (run --scenario)',
    workload: 'register + writes stuck on the old leader',
    catchers: ['log-matching', 'leader-completeness', 'state-machine-safety'],
    why: 'the deposed leader overwrites the start of its stale tail with the new leader\'s entries but keeps the rest: older-term entries after newer ones',
    simSeeds: 10,
    sim: { kind: 'directed', name: 'deposed-leader-tail', spec: deposedLeaderTail },
    // Real: the directed scenario itself (5 nodes), which builds the deposed leader's long
    // uncommitted tail that random partitions rarely do. Measured in the bug-matrix run: seeds 1-5
    // all caught (log-matching), the clean runs valid.
    real: {
      kind: 'real',
      args: [...SCENARIO_BASE, '--workload', 'register', '--scenario', 'deposed-leader-tail'],
      budgetS: 40,
    },
  },
  {
    bug: 'stale-append-truncates',
    nemesis: 'duplicating, reordering network (20% duplicates, 1-40 ms delays); real: the proxies duplicate and hold back 20% of peer frames, 1-40 ms late',
    workload: 'register, 200 ops/s',
    catchers: ['conflict-truncation', 'leader-completeness', 'state-machine-safety'],
    why: 'a late duplicate AppendEntries cuts newer matching entries from a follower\'s log',
    simSeeds: 10,
    sim: { kind: 'directed', name: 'duplicating-network', spec: duplicatingNetwork },
    real: {
      kind: 'real',
      args: [...REAL_BASE.filter((a, i, all) => a !== '--rate' && all[i - 1] !== '--rate'), '--rate', '200', '--workload', 'register', '--nemesis', 'none', '--link-duplicate', '20', '--link-reorder', '20'],
      budgetS: 30,
    },
  },
  {
    bug: 'no-step-down-on-reply',
    nemesis: 'isolate one follower for 3 s, then heal (no pre-vote, check-quorum on); real: the same scenario (run --scenario)',
    workload: 'register',
    catchers: ['liveness'],
    why: 'safety holds (reads and commits need a quorum in the leader\'s term); the effect is lost progress: the rejoining higher-term node is never let back in',
    simSeeds: 10,
    sim: { kind: 'directed', name: 'rejoining-candidate', spec: rejoiningCandidate },
    // Real: the directed scenario itself (`run --scenario rejoining-candidate`): no pre-vote (the
    // cut-off follower's term climbs), check-quorum on (leader stickiness). Measured: seeds 1, 2, 3
    // all caught by liveness, seeds 1 and 2 without the bug valid (random partitions caught 3 of 7).
    real: { kind: 'real', args: [...REAL_BASE, '--pre-vote', 'false', '--check-quorum', 'true', '--workload', 'register', '--scenario', 'rejoining-candidate'], budgetS: 30 },
  },
  {
    bug: 'local-reads',
    nemesis: 'partition (random chaos)',
    workload: 'built-in multi-key mix, ReadIndex reads',
    catchers: ['linearizability'],
    why: 'a follower or deposed leader answers reads from its own, stale state',
    simSeeds: 10,
    sim: { kind: 'chaos', options: { families: ['partition'], readMode: 'read-index', timeUs: 20_000_000 }, workload: null },
    real: {
      kind: 'real',
      args: [...REAL_BASE, '--workload', 'register', '--nemesis', 'partition', '--read-mode', 'read-index'],
      budgetS: 30,
    },
  },
  {
    bug: 'lease-without-margin',
    nemesis: 'leader clock at 0.4x (lease 10 ticks), then isolate the leader',
    workload: 'register, lease reads, 200 ops/s',
    catchers: ['linearizability'],
    why: 'the slow-clocked deposed leader trusts its lease for a whole election timeout and serves stale reads',
    simSeeds: 20,
    sim: { kind: 'directed', name: 'slow-leader-lease', spec: slowLeaderLease },
    // Real: the directed scenario on real nodes (its tick counts: election 30, heartbeat 10, lease
    // 10 ticks of 10 ms; its clients give up on one node after 100 ms, as in the simulator).
    // Measured seeds 1..5 at 15 s each, load average 4-6.5: caught 5/5 (linearizability), the
    // same runs without the bug valid 5/5; in `npm run bug-matrix -- --real --real-seeds 5` at load
    // up to 13.6, 4/5 (clean 0/5), hence 24 s (more rounds). Before the clients had an attempt timeout it caught 0/3:
    // every client sat on the cut-off leader for its whole 1 s op timeout, so no write reached the
    // new leader while the old lease still ran.
    real: {
      kind: 'real',
      args: ['--nodes', '5', '--time-limit', '24', '--recovery', '5', '--concurrency', '10', '--rate', '150', '--no-report', '--workload', 'register', '--read-mode', 'lease', '--scenario', 'slow-leader-lease'],
      budgetS: 60,
    },
  },
  {
    bug: 'apply-beyond-commit',
    nemesis: 'partition (random chaos)',
    workload: 'built-in multi-key mix (read, write, cas)',
    catchers: ['apply-committed', 'state-machine-safety', 'linearizability'],
    why: 'followers apply entries before they are committed, including entries a later leader replaces',
    simSeeds: 10,
    sim: { kind: 'chaos', options: { families: ['partition'], timeUs: 20_000_000 }, workload: null },
    real: { kind: 'real', args: [...REAL_BASE, '--workload', 'register', '--nemesis', 'partition'], budgetS: 30 },
  },
  {
    bug: 'nothing-persisted',
    nemesis: 'crash + restart (random chaos); real: crashes',
    workload: 'built-in multi-key mix (read, write, cas)',
    catchers: ['term-monotonic', 'vote-once', 'leader-completeness', 'state-machine-safety', 'linearizability'],
    why: 'a restarted node comes back in term 0 with an empty log, votes again and forgets acknowledged entries',
    simSeeds: 10,
    sim: { kind: 'chaos', options: { families: ['partition', 'crash'], timeUs: 20_000_000 }, workload: null },
    // Real: measured 2 of 2 seeds caught (term-monotonic first), the clean run valid.
    real: { kind: 'real', args: [...REAL_BASE, '--workload', 'register', '--nemesis', 'crash'], budgetS: 30 },
  },
  {
    bug: 'commit-by-ack-count',
    nemesis: 'partitions of 5 nodes (random chaos); real: partitions of 5 nodes timed to elections, the new leader cut off alone or with one follower',
    workload: 'built-in multi-key mix (read, write, cas)',
    catchers: ['leader-completeness', 'state-machine-safety', 'linearizability', 'liveness'],
    why:
      'a leader cut off with one follower of five counts that follower\'s repeated replies (appends and heartbeats) as a majority, ' +
      'commits and acknowledges writes the majority side never sees, and a new leader lacks them',
    simSeeds: 20,
    sim: { kind: 'chaos', options: { families: ['partition'], nodes: 5, timeUs: 20_000_000 }, workload: null },
    // Real: with random splits 1 of 5 seeds was caught (the leader must land on the two-node side).
    // Timed to elections (`--nemesis-timing elections`), each new leader is cut off within 150 ms,
    // with one follower on about half the strikes: measured seeds 1..5 all caught
    // (leader-completeness; linearizability too on seed 4), the same runs without the bug valid 5/5.
    real: {
      kind: 'real',
      args: ['--nodes', '5', '--time-limit', '10', '--nemesis-interval', '1', '--recovery', '5', '--rate', '60', '--no-report', '--check-quorum', 'false', '--workload', 'register', '--nemesis', 'partition', '--nemesis-timing', 'elections'],
      budgetS: 40,
    },
  },
  {
    bug: 'commit-not-capped',
    nemesis: 'isolate the leader, pile writes on it; then isolate the new leader, old leader clock 2x (pre-vote, check-quorum); real: the same scenario (run --scenario)',
    workload: 'register + writes stuck on the old leader',
    catchers: ['state-machine-safety', 'apply-committed', 'leader-completeness', 'linearizability'],
    why: 'the deposed leader rejoins with a long stale tail; the new leader\'s first heartbeat (with the bug a plain empty AppendEntries at nextIndex - 1, its last entry before its no-op) passes the check there, and the deposed leader commits and applies its own stale entries after it up to the leader\'s commit index',
    simSeeds: 20,
    sim: { kind: 'directed', name: 'deposed-leader-tail', spec: deposedLeaderTail },
    // Real: the directed scenario itself on 5 nodes (pre-vote and check-quorum on, the defaults).
    // The new leader's first heartbeat to the rejoining deposed leader passes the check at its own
    // last index before its no-op and carries a commit index past it. Measured: seeds 1, 2, 3 all
    // caught (state-machine-safety, liveness) in the bug-matrix run, the clean runs valid; ~18 s each.
    real: {
      kind: 'real',
      args: [...SCENARIO_BASE, '--workload', 'register', '--scenario', 'deposed-leader-tail'],
      budgetS: 40,
    },
  },
  {
    bug: 'timer-reset-by-any-message',
    nemesis: 'cut the leader off, then leave it deaf (it still sends stale heartbeats) and crash the new leader (no check-quorum)',
    workload: 'register',
    catchers: ['liveness'],
    why: 'the deposed leader\'s heartbeats of an older term must be refused without touching the election timer; with the bug they reset it, so the majority that lost its new leader never elects while they arrive (the leaderless-majority check of the fault phase)',
    simSeeds: 10,
    sim: { kind: 'directed', name: 'deaf-stale-leader', spec: deafStaleLeader },
    // Real: the directed scenario on real nodes; real runs of this subject now run the
    // leaderless-majority check over the fault phase too (src/control/checks/fault-phase-liveness.ts,
    // from the fault ops in history.jsonl and the role records of events.jsonl). Measured seeds
    // 1..5, 16 s each, load average 8-11: caught 5/5 (liveness: the two nodes left leaderless 8.0 s
    // while hearing only the deaf old leader), the same runs without the bug valid 5/5.
    real: {
      kind: 'real',
      args: ['--nodes', '3', '--time-limit', '16', '--recovery', '5', '--concurrency', '3', '--rate', '20', '--check-quorum', 'false', '--no-report', '--workload', 'register', '--scenario', 'deaf-stale-leader'],
      budgetS: 45,
    },
  },
  {
    bug: 'next-index-double-advance',
    nemesis: 'duplicating, reordering network (5% duplicates, 1-40 ms delays), the leader crashed about every second; real: the proxies duplicate and hold back 20% of peer frames, 1-40 ms late, and crashes',
    workload: 'register, 200 ops/s',
    catchers: ['liveness', 'leader-completeness', 'state-machine-safety', 'linearizability'],
    why: 'a duplicated success reply moves the leader\'s matchIndex past what the follower holds: the leader commits entries a majority lacks, and the follower\'s rejections below that matchIndex are dropped as stale, so it never catches up',
    simSeeds: 20,
    sim: { kind: 'directed', name: 'duplicating-failover', spec: duplicatingFailover },
    // Real: measured seeds 1, 2, 3 all caught in the bug-matrix run (liveness; leader-completeness
    // and state-machine-safety in 2 of 3), the clean runs valid. Without crashes (--nemesis none) also 3 of 3, but
    // by liveness only: the follower the leader over-counts never catches up, and no leader change
    // shows the entries committed on a minority. The matrix with two shards side by side (load
    // 2-5) caught 2 of 5; run again with the shards one after the other (load 0.5-2), and by hand
    // at load 1-2, 5 of 5 (leader-completeness each time), clean 0 of 5 flagged: the catch depends
    // on how busy the machine is.
    real: {
      kind: 'real',
      args: [...REAL_BASE.filter((a, i, all) => a !== '--rate' && all[i - 1] !== '--rate'), '--rate', '200', '--workload', 'register', '--nemesis', 'crash', '--link-duplicate', '20', '--link-reorder', '20'],
      budgetS: 30,
    },
  },
  {
    bug: 'apply-holding-lock',
    nemesis: 'partition + crash (random chaos), snapshot every 10 entries; real: crashes, snapshot every 20 entries (run --snapshot-every)',
    workload: 'built-in multi-key mix (read, write, cas); real: register',
    catchers: ['liveness'],
    why:
      'the lab\'s applier holding rf.mu while the service calls rf.Snapshot: at the first snapshot point each node\'s apply step waits on the host lock it holds, ' +
      'so it handles no tick, message or request again; the cluster stops, and after the heal no leader is elected or the nodes end at different applied indexes',
    simSeeds: 20,
    // A host bug (src/host/host.ts): it needs snapshots, so the plan pins the interval (the lab's
    // 2D tester snapshots every 10 entries) instead of the classic day's draw, a quarter of which
    // never snapshots.
    sim: { kind: 'chaos', options: { families: ['partition', 'crash'], timeUs: 20_000_000, snapshotEveryEntries: 10 }, workload: null },
    // Real: the nodes freeze within the first second (20 entries); the crashes after it restart
    // nodes, whose leader claims in the event log end there (a deadlocked leader's would stand: it
    // logs nothing more), and a restarted node deadlocks again at the same point as it re-applies.
    // Measured: seeds 1-5 all caught by liveness (no leader after the heal, and the nodes ended at
    // different applied indexes), ~26 s each at load 7-12, by hand and again in the bug-matrix run
    // (--real-seeds 5); the clean runs of seeds 1-5 valid, each node snapshotting 4 times (seed 1).
    // Without faults (--nemesis none) seeds 1 and 2 were caught too, by convergence only: one
    // follower never heard of the last commit and stayed an entry behind. Had every node reached
    // the snapshot point, the leader's last record (leader) would stand and the event checks see
    // nothing; the crashes are what close the leader claims.
    real: { kind: 'real', args: [...REAL_BASE, '--workload', 'register', '--nemesis', 'crash', '--snapshot-every', '20'], budgetS: 30 },
  },
];

/** The longest virtual time one simulated attempt can take: fault phase, op deadline, heal bound. */
export function simTimeLimitS(entry: CatalogueEntry): number {
  const opTimeoutUs = DEFAULT_CLIENTS.opTimeoutUs;
  const us =
    entry.sim.kind === 'chaos'
      ? (entry.sim.options.timeUs ?? DEFAULT_RUN.timeUs) + opTimeoutUs + (entry.sim.options.healBoundUs ?? DEFAULT_RUN.healBoundUs)
      : entry.sim.spec.faultPhaseUs + opTimeoutUs + entry.sim.spec.healBoundUs;
  return us / 1e6;
}

/** The catalogue entry of a bug; every bug of src/raft/bugs.ts has one (checked by the tests). */
export function scenarioFor(bug: BugName): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.bug === bug);
  if (entry === undefined) throw new RangeError(`no detection scenario for bug ${JSON.stringify(bug)}; known: ${BUG_NAMES.join(', ')}`);
  return entry;
}
