// The state shared by every invariant while the checker replays all nodes' records in time order.
import type { NodeEvent } from '../../history/events.js';
import type { ApplyEvent, ReplayedNode } from './node.js';
import type { AppendEvent } from './log.js';
import type { ViolationLog } from './violations.js';

export type RoleEvent = Extract<NodeEvent, { kind: 'role' }>;

/** What the first append of an (index, term) pair said, for log matching across nodes. */
export interface EntryFact {
  readonly id: string;
  /** Term of the entry just before it in the log that held it; undefined when that was unknown. */
  prevTerm: number | undefined;
  readonly event: AppendEvent;
}

/** The first apply seen at an index, for state machine safety and leader completeness. */
export interface AppliedFact {
  readonly term: number;
  readonly id: string;
  readonly event: ApplyEvent;
}

/** A leader interval under construction (LeaderInterval once closed). */
export interface OpenLeaderInterval {
  readonly term: number;
  readonly node: number;
  readonly fromNs: number;
  toNs: number | null;
}

export interface ReplayContext {
  readonly violations: ViolationLog;
  readonly nodes: Map<number, ReplayedNode>;
  /** The 'role leader' record of each term. */
  readonly leaderOfTerm: Map<number, RoleEvent>;
  readonly leaders: OpenLeaderInterval[];
  /** index -> term -> fact. */
  readonly entryFacts: Map<number, Map<number, EntryFact>>;
  readonly applied: Map<number, AppliedFact>;
  /**
   * For each term c: the highest index applied by a node whose current term was c. Such an entry was
   * committed in a term <= c, so every leader of a term > c must hold it (§5.4.1, Leader Completeness).
   */
  readonly maxAppliedByNodeTerm: Map<number, number>;
  maxAppliedIndex: number;
  maxTerm: number;
  electionAttempts: number;
}

/** The records of `list` that exist, for violation evidence. */
export function present(...list: (NodeEvent | null | undefined)[]): NodeEvent[] {
  return list.filter((e): e is NodeEvent => e !== null && e !== undefined);
}
