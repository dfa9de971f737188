// The public types of the Raft invariant checker (DESIGN.md §3): what it is asked, what it answers.
// Every value is plain data, so a result can be written to results.json as it is.
import type { NodeEvent } from '../../history/events.js';

/**
 * The invariants checked from node event logs. Raft paper references:
 * - election-safety: at most one leader per term (§5.2, Figure 3).
 * - term-monotonic: a node's current term never decreases, also across restarts (§5.1, Figure 2
 *   "persistent state").
 * - vote-once: a node votes for at most one candidate per term, also across restarts (§5.2).
 * - log-matching: two logs holding an entry with the same index and term hold the same entry there
 *   and agree on every earlier index (§5.3, Figure 3); terms never decrease along a log.
 * - conflict-truncation: a node cuts its log only where an entry of another term replaces the cut
 *   one, or to install a snapshot (§5.3, AppendEntries receiver step 3): cutting entries that match
 *   the leader's loses entries the leader counts as replicated.
 * - state-machine-safety: no two nodes apply different entries at one index (§5.4.3).
 * - apply-order: a node applies indexes in order, without gaps or repeats, in each incarnation;
 *   after a snapshot (installed, or loaded at boot) it resumes after the snapshot's index (§7).
 * - apply-committed: a node applies only what it knows to be committed (§5.3).
 * - leader-completeness: an entry committed in a term is in the log of every leader of a later
 *   term (§5.4, Figure 3).
 * - liveness: after the final heal a leader exists within a bound and all live nodes converge.
 */
export type InvariantName =
  | 'election-safety'
  | 'term-monotonic'
  | 'vote-once'
  | 'log-matching'
  | 'conflict-truncation'
  | 'state-machine-safety'
  | 'apply-order'
  | 'apply-committed'
  | 'leader-completeness'
  | 'liveness';

export const INVARIANT_NAMES: readonly InvariantName[] = [
  'election-safety',
  'term-monotonic',
  'vote-once',
  'log-matching',
  'conflict-truncation',
  'state-machine-safety',
  'apply-order',
  'apply-committed',
  'leader-completeness',
  'liveness',
];

export interface Violation {
  readonly invariant: InvariantName;
  /** One sentence naming the nodes, terms and indexes involved. */
  readonly message: string;
  /** The records that break the invariant (each carries its node), earliest first. */
  readonly events: readonly NodeEvent[];
  /** When it was detected: the time (ns) of the last of `events`, or the liveness deadline. */
  readonly time: number;
  /**
   * False when the evidence is a record written just before a crash (the last batch of records of
   * an incarnation that ended in a reboot): the host writes records before it persists, so a
   * kill -9 in between legitimately loses that state. Such a violation makes the verdict
   * 'unknown', not false.
   */
  readonly certain: boolean;
}

export interface CheckInvariantsOptions {
  /** Time (ns) of the final heal of every fault; enables the liveness checks. */
  readonly healTimeNs?: number;
  /** A leader must exist within this long after the heal (ns). Without it: any time after. */
  readonly livenessBoundNs?: number;
  /** Nodes expected to be alive at the end (for convergence); default: every node with a log. */
  readonly liveNodes?: readonly number[];
  /** Warnings from reading the logs (torn last lines), copied into the result. */
  readonly readWarnings?: readonly string[];
  /** Stop recording violations of one invariant after this many (default 20); counts go on. */
  readonly maxViolationsPerInvariant?: number;
}

/** One node's leadership: from its 'role leader' record to the next role change or crash. */
export interface LeaderInterval {
  readonly term: number;
  readonly node: number;
  readonly fromNs: number;
  /**
   * The time of its next role record, or of its last record before a reboot (approximate: the crash
   * itself is not logged); null if it was still leader at the end of its log.
   */
  readonly toNs: number | null;
}

export interface NodeSummary {
  readonly node: number;
  readonly records: number;
  /** Boot records: the first start plus every restart. */
  readonly boots: number;
  readonly lastTerm: number;
  /** Highest index applied (or covered by a snapshot) in the node's last incarnation. */
  readonly lastApplied: number;
  /** Id of the entry at lastApplied if it was applied by a record (null if only by snapshot). */
  readonly lastAppliedId: string | null;
  readonly firstNs: number | null;
  readonly lastNs: number | null;
}

export interface InvariantStats {
  /** The highest term seen in any record. */
  readonly terms: number;
  readonly leaders: readonly LeaderInterval[];
  /** Successful elections: the number of leader intervals. */
  readonly elections: number;
  /** Times any node became a candidate (pre-candidates not counted). */
  readonly electionAttempts: number;
  /** Highest index applied by any node. */
  readonly maxAppliedIndex: number;
  readonly records: number;
  readonly nodes: readonly NodeSummary[];
  /** Violations found per invariant (including those not listed because of the cap). */
  readonly violationCounts: Readonly<Record<InvariantName, number>>;
}

export interface InvariantResult {
  /** false: a certain violation; 'unknown': only uncertain ones, or nothing to check; else true. */
  readonly valid: boolean | 'unknown';
  readonly violations: readonly Violation[];
  /** Invariants that could be checked and held (liveness only when a heal time was given). */
  readonly checked: readonly InvariantName[];
  readonly warnings: readonly string[];
  readonly stats: InvariantStats;
}
