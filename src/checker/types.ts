// The public types of the linearizability checker: operations, models, results.
// Semantics are stated here, where the types are defined (as Porcupine does in model.go).

/**
 * How an operation ended.
 * - `ok`: it took effect exactly once, somewhere inside its interval [call, return].
 * - `unknown`: it may have taken effect at any time after its call, or never (Jepsen's `info`, a
 *   timeout, or an invocation with no completion). The checker treats it as never returning:
 *   `return` is +Infinity, so it may be placed anywhere after its call, including after every other
 *   operation, where it changes nothing that anyone observed.
 *
 * Operations that certainly did not take effect (Jepsen's `fail`) are dropped by the readers and are
 * never given to the checker, except where a format defines `fail` as an observation (a Porcupine
 * etcd log's failed compare-and-set is a cas that *returned false*; it is an `ok` operation whose
 * `output` is `false`).
 */
export type Outcome = 'ok' | 'unknown';

/**
 * One operation of a history. Its call and return form a CLOSED interval [call, return]: two
 * operations are concurrent when their intervals overlap, including when one's return time equals
 * the other's call time. Times are any monotonic unit (nanoseconds in history.jsonl, event order in
 * the logs of ../shared/histories); only their order matters.
 */
export interface Operation {
  /** Position in the input (0-based), used to name the operation in results. */
  readonly id: number;
  /** The client process that ran it (a retired process never runs another operation). */
  readonly process: number | string;
  /** Operation name: read | write | cas (registers), get | put | append (key-value). */
  readonly f: string;
  /** The key, for multi-key histories; the checker partitions by it (P-compositionality). */
  readonly key?: string;
  /** The invocation's argument: null for read/get, the value for write/put/append, [from, to] for cas. */
  readonly input: unknown;
  /**
   * The completion's value when `outcome` is ok: the value read for read/get (null when absent),
   * `false` for a cas that did not apply because the register did not hold `from`, anything else
   * (usually the input repeated) for write/put/append/an applied cas. Undefined when unknown.
   */
  readonly output: unknown;
  readonly outcome: Outcome;
  /** Invocation time. */
  readonly call: number;
  /** Completion time, >= call; +Infinity when the outcome is unknown. */
  readonly return: number;
  /**
   * Optional, for naming the operation as its source does: the history index of its completion
   * (of its invocation when the outcome is unknown): Jepsen's `:index` where the file has one,
   * else the record's 0-based position in the file.
   */
  readonly index?: number;
}

/**
 * A sequential specification as a record of pure functions (Porcupine's Model). States are
 * immutable values; `step` never mutates its argument. A state must not be `undefined`.
 */
export interface Model<S = unknown> {
  /** The name used by `--model` and in results. */
  readonly name: string;
  /** One line for `--help` and documentation. */
  readonly description: string;
  /** The state before any operation. `initial` is `--initial VALUE` for the register models. */
  init(initial?: unknown): S;
  /**
   * Apply `op` to `state` as if it took effect alone, atomically. Returns the next state, or
   * `undefined` when the operation's recorded output is impossible from `state`. It may depend on
   * the operation's key, f, input, output and outcome only (not its process, id or times): the
   * search takes unknown-outcome operations with the same key, f and input as interchangeable.
   */
  step(state: S, op: Operation): S | undefined;
  /** State equality; equal states must have equal hashes. */
  equal(a: S, b: S): boolean;
  /** A 32-bit integer hash of a state, consistent with `equal`. */
  hash(state: S): number;
  /**
   * Optional: a dense small non-negative integer naming the state, for a model that interns its own
   * states (equal ids iff equal states). The search then uses it instead of hash/equal and does not
   * memoize transitions (the model's step is already a table lookup).
   */
  id?(state: S): number;
  /**
   * Split a history into independent sub-histories (P-compositionality, Herlihy & Wing §3.3): the
   * whole history is linearizable iff every part is. Absent: the history is checked whole.
   */
  partition?(ops: readonly Operation[]): Operation[][];
  /**
   * Optional pruning: whether some order of some of `candidates` (the pending operations called
   * before the read-only `target` returned: the only ones that can be linearized before it) could
   * bring `state` to where `target` is legal. It must never answer false when such an order exists;
   * answering true is always safe. The search asks it about the first few pending reads.
   */
  reachable?(state: S, target: Operation, candidates: readonly Operation[]): boolean;
  /**
   * True for an operation that never changes the state (a read). Such an operation of unknown
   * outcome constrains nothing, so the checker drops it before searching.
   */
  readOnly?(op: Operation): boolean;
  /**
   * Optional: the operation with its reads of nil taken as unconstrained (the 'any' rule, as in
   * Knossos: "we don't know what the read was"): the operation itself, a reduced one, or null when
   * nothing in it constrains the state any more (a read of nil; a transaction of nil reads only).
   * Such an operation changes nothing and may be placed anywhere in its interval, so dropping it
   * changes no verdict. Absent: the model has no nil reads to relax.
   */
  withoutNilReads?(op: Operation): Operation | null;
  /**
   * Optional, for operations of unknown outcome: true when the ok operation `op`, in every state
   * where it is legal, either leads to one same state (a write, a cas that applied) or leaves the
   * state unchanged (a read, a cas that did not apply). Then an unknown-outcome operation placed
   * just before `op` matters only where `op` is not legal without it, and the search tries it
   * nowhere else. Answering false is always safe.
   */
  blindOrReadOnly?(op: Operation): boolean;
  /** Text for an operation in counterexamples, e.g. `cas(1, 2) -> ok`. */
  describeOperation(op: Operation): string;
  /** Text for a state in counterexamples. */
  describeState(state: S): string;
}

/** A verdict as in Jepsen: true, false, or 'unknown' (the time budget ran out). */
export type Valid = true | false | 'unknown';

/** One step of a (partial) linearization: the operation and the model state just after it. */
export interface LinearizationStep {
  readonly op: number;
  readonly stateAfter: string;
}

/** Why one partition is not linearizable, as data; `renderCounterexampleHtml` draws it. */
export interface PartitionCounterexample {
  readonly key: string | null;
  readonly model: string;
  /** Every operation of the partition, in call order (the timeline). */
  readonly operations: readonly DescribedOperation[];
  /** The longest linearizable prefix the search found, in linearization order. */
  readonly longestPrefix: readonly LinearizationStep[];
  /** The model state after that prefix (the initial state when the prefix is empty). */
  readonly stateAtFailure: string;
  /**
   * Operations whose output is impossible from `stateAtFailure`: those that could be placed next
   * (called before `blockingOp` returned), or `blockingOp` alone when it is an unsatisfiable read.
   */
  readonly couldNotPlace: readonly number[];
  /**
   * The operation that stopped the search: a pending read that no operation called before its
   * return could satisfy from `stateAtFailure`, or else the pending operation with the earliest
   * return, which had to be linearized next and no order allowed.
   */
  readonly blockingOp: number | null;
  /**
   * The operation that could not be linearized, named as Knossos names it (the `:op` of its
   * analysis): of the ok operations the longest linearizable prefix leaves unplaced, the one whose
   * completion comes first. Null when there is none.
   */
  readonly failingOp: KnossosOp | null;
}

/** An operation as Knossos reports it: its completion's process, type, f, value and :index. */
export interface KnossosOp {
  /** The operation's id in this check (see Operation.id). */
  readonly id: number;
  readonly process: number | string;
  readonly type: 'ok' | 'info';
  readonly f: string;
  /** The completion's value, printed as EDN. */
  readonly value: string;
  /** Jepsen's :index of the completion (else its position in the file); null when unknown. */
  readonly index: number | null;
  /** The whole op as an EDN map, e.g. `{:process 1, :type :ok, :f :read, :value 2, :index 7}`. */
  readonly edn: string;
}

/** An operation as shown in a counterexample (times rebased so the partition starts at 0). */
export interface DescribedOperation {
  readonly id: number;
  readonly process: number | string;
  readonly call: number;
  /** null when the outcome is unknown (never returns). */
  readonly return: number | null;
  readonly text: string;
}

export interface PartitionResult {
  /** The key of this partition, or null for a history checked whole. */
  readonly key: string | null;
  readonly valid: Valid;
  readonly operations: number;
  /** Search time spent on this partition, in milliseconds. */
  readonly ms: number;
  /** Not searched to the end because another partition already failed (valid is 'unknown'). */
  readonly skipped?: boolean;
}

export interface CheckResult {
  readonly valid: Valid;
  /** The nil-read rule applied (see CheckOptions.nilRead). */
  readonly nilRead: NilReadRule;
  /** Operations dropped or reduced by the 'any' rule (reads of nil that constrain nothing). */
  readonly nilReadsRelaxed: number;
  /** Wall time of the check, in milliseconds. */
  readonly ms: number;
  readonly model: string;
  readonly operations: number;
  readonly partitions: readonly PartitionResult[];
  /** For valid === false: one entry per failing partition. */
  readonly counterexample?: readonly PartitionCounterexample[];
  /** How the partitions were checked. */
  readonly mode: 'in-process' | 'workers';
}

/**
 * What a completed read of nil means: 'any' (nothing is known of what it read: it matches every
 * state, Knossos's rule for register, cas-register and multi-register), or 'absent' (it read an
 * absent value: our history.jsonl, Porcupine's models).
 */
export type NilReadRule = 'any' | 'absent';

export interface CheckOptions {
  /** The nil-read rule (default 'absent'); models without `withoutNilReads` are unaffected. */
  readonly nilRead?: NilReadRule;
  /** Time budget for the whole check in ms; when it runs out the verdict is 'unknown'. Default: none. */
  readonly timeoutMs?: number;
  /** The register models' initial value (`--initial`); default null (absent). */
  readonly initial?: unknown;
  /** Split by the model's `partition` (default true). False checks the history whole. */
  readonly partition?: boolean;
  /**
   * Worker threads: 'auto' (default) uses them only when the history is large enough to pay off and
   * the model is a built-in one; 0 forces in-process checking; n > 0 asks for up to n workers.
   */
  readonly workers?: 'auto' | number;
  /**
   * Check every partition even after one fails (default false: stop at the first failure, as
   * Porcupine does; the unfinished partitions are reported 'unknown' and `skipped`).
   */
  readonly allPartitions?: boolean;
  /** Build counterexamples for failing partitions (default true). */
  readonly counterexample?: boolean;
}
