// The plugin contracts: a workload (workloads/<name>.ts) generates client operations and names the
// model that checks them; a nemesis (nemesis/<name>.ts) generates fault operations. Operations and
// faults are data, interpreted alike by the simulator (src/sim) and the real controller
// (src/control), so one schedule means the same thing in both.
import type { Rng } from './raft/types.js';
import type { Gen } from './generators/types.js';

// ---------------------------------------------------------------- client operations

/** The state machine's operations (src/statemachine). */
export type ClientF = 'read' | 'write' | 'cas';

/** What a client is asked to do; `value` is null for read, the value for write, [from, to] for cas. */
export interface ClientOpSpec {
  readonly f: ClientF;
  readonly key: string;
  readonly value: number | null | readonly [number, number];
}

export interface WorkloadOptions {
  /** Number of independent keys (the single-key register ignores it). */
  readonly keys: number;
}

export interface Workload {
  readonly name: string;
  readonly description: string;
  /** The checker model for one key's sub-history (see src/checker): e.g. 'cas-register'. */
  readonly model: string;
  /** The keys this workload touches, for the final reads. */
  keys(options: WorkloadOptions): readonly string[];
  /** Draw the next operation. Must use only `rng` so a seed replays the same values. */
  next(rng: Rng, options: WorkloadOptions): ClientOpSpec;
}

// ---------------------------------------------------------------- faults

/** Which nodes a fault hits, resolved by the executor against the cluster it sees at that moment. */
export type TargetSpec = 'one' | 'minority' | 'majority' | 'all' | 'leader' | 'followers' | 'minority-third';

/**
 * Shapes of network partition (Jepsen's names for the symmetric ones). The one-way shapes cut one
 * direction only: `one-way-leader` / `one-way-one` leave the leader (a random node) hearing nobody
 * while everybody still hears it; `mute-leader` / `mute-one` leave it heard by nobody while it still
 * hears everybody.
 */
export type PartitionSpec =
  | 'random-halves'
  | 'isolate-one'
  | 'isolate-leader'
  | 'majorities-ring'
  | 'bridge'
  | 'one-way-leader'
  | 'one-way-one'
  | 'mute-leader'
  | 'mute-one';

/**
 * A grudge: for each node, the set of nodes whose messages it drops (Jepsen's term).
 * Links are directed; a node never appears in its own set.
 */
export type Grudge = ReadonlyMap<number, ReadonlySet<number>>;

/** Explicit nodes, for a directed scenario that chose them from the cluster view. */
export interface NodeList {
  readonly nodes: readonly number[];
}

/** Which nodes a node-level fault hits: a spec resolved when it is applied, or explicit nodes. */
export type Targets = TargetSpec | NodeList;

/** An explicit grudge in its JSON form (node -> the nodes whose messages it drops), for a directed scenario. */
export interface GrudgeValue {
  readonly grudge: Readonly<Record<string, readonly number[]>>;
}

/** Clock faults: jump by offsetMs, flip between offsets, or run at a different rate. */
export type ClockSpec =
  | { readonly kind: 'bump'; readonly targets: Targets; readonly offsetMs: number }
  | { readonly kind: 'strobe'; readonly targets: Targets; readonly offsetMs: number; readonly periodMs: number; readonly durationMs: number }
  | { readonly kind: 'drift'; readonly targets: Targets; readonly rate: number };

/**
 * One fault operation, recorded in the history under process "nemesis" (f and value as below).
 * start-* opens a fault window of its family; stop-* closes it. `heal-all` closes every window.
 */
export type FaultOp =
  | { readonly f: 'start-partition'; readonly value: PartitionSpec | GrudgeValue }
  | { readonly f: 'stop-partition'; readonly value: null }
  | { readonly f: 'kill'; readonly value: Targets }
  | { readonly f: 'restart'; readonly value: 'all-dead' }
  | { readonly f: 'pause'; readonly value: Targets }
  | { readonly f: 'resume'; readonly value: 'all-paused' }
  | { readonly f: 'start-clock'; readonly value: ClockSpec }
  | { readonly f: 'stop-clock'; readonly value: null }
  | { readonly f: 'heal-all'; readonly value: null };

export type FaultFamily = 'partition' | 'crash' | 'pause' | 'clock';

export interface NemesisOptions {
  /** Seconds between successive fault actions (fault, then heal, then fault, ...). */
  readonly intervalS: number;
  readonly nodes: number;
}

/**
 * A nemesis package (Jepsen's nemesis package): its fault schedule and its final (healing)
 * schedule, both generators (src/generators) of fault ops, pure with respect to the Rng the
 * interpreter gives them. The run phase interprets `generator(options)`; the heal phase `final`.
 */
export interface Nemesis {
  readonly name: string;
  readonly description: string;
  readonly families: readonly FaultFamily[];
  /** The schedule of the run phase. */
  generator(options: NemesisOptions): Gen;
  /** What undoes this package at the end of the run phase (healAll unless it needs its own). */
  readonly final: Gen;
}

/**
 * What the simulator and the real controller both provide to carry out fault ops.
 * `leader` is the executor's best knowledge of the current leader (null if none).
 */
export interface FaultExecutor {
  readonly nodeIds: readonly number[];
  leader(): number | null;
  /** Apply a grudge (replacing any previous partition); an empty grudge heals the network. */
  partition(grudge: Grudge): void | Promise<void>;
  kill(nodes: readonly number[]): void | Promise<void>;
  restart(nodes: readonly number[]): void | Promise<void>;
  pause(nodes: readonly number[]): void | Promise<void>;
  resume(nodes: readonly number[]): void | Promise<void>;
  /** Set a node's clock: offsetMs added to real time, rate = how fast it runs (1 = true). */
  setClock(node: number, offsetMs: number, rate: number): void | Promise<void>;
  /**
   * Run `action` after delayMs of the executor's time (real time for the controller, virtual time
   * for the simulator). Optional: without it a strobe clock is applied as its first offset only.
   */
  after?(delayMs: number, action: () => void): void;
}
