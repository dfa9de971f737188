// The subject seam: what the runner needs from a system under test (Jepsen's DB and Client
// protocols). A Subject turns a ClusterPlan into a SubjectCluster: nodes it can start and stop, a
// client that speaks to them, and, optionally, abilities the nemeses and checkers use. The runner
// (src/control/runner) looks only at this file: a new subject (a Maelstrom node, a Go lab, etcd)
// implements these interfaces in src/subjects/<name>/ and registers itself in src/subjects/index.ts.
//
// Abilities are separate, optional interfaces so a subject says exactly what it can do. A run that
// needs an ability the subject lacks (--nemesis clock on a subject without `clock`) is refused before
// anything starts; a checker whose input is missing (no `eventLog`: no invariants) is reported
// "not applicable", never valid.
import type { ClientOpSpec, Grudge, Nemesis, PartitionSpec } from '../plugins.js';

// ---------------------------------------------------------------- abilities

/** What a subject can do besides start, stop and serve clients. */
export type Ability =
  /** kill (SIGKILL) and restart a node from its data directory: the crash nemesis. */
  | 'kill'
  /** pause and resume a node (SIGSTOP / SIGCONT for process subjects): the pause nemesis. */
  | 'pause'
  /** set a node's clock offset and rate: the clock nemesis. */
  | 'clock'
  /** role, term, leader, commit of each node: leader targets, recovery waits, the leadership timeline. */
  | 'status'
  /** each node's events.jsonl (src/history/events.ts): the Raft invariant checker. */
  | 'event-log';

export const ABILITIES: readonly Ability[] = ['kill', 'pause', 'clock', 'status', 'event-log'];

/** Run options a subject may or may not honour; a non-default value of one it does not is refused. */
export type SubjectOption = 'read-mode' | 'bug' | 'pre-vote' | 'check-quorum';

// ---------------------------------------------------------------- the network

export interface Address {
  readonly host: string;
  readonly port: number;
}

/** Where a running node listens (learnt when it starts; a restarted node gets new ports). */
export interface NodeEndpoints {
  readonly peer: Address;
  readonly client: Address;
}

/**
 * The part of a test that carries node-to-node messages and cuts them as a grudge says
 * (FaultExecutor.partition in src/plugins.ts). The runner opens one (the proxy network today) unless
 * the subject routes messages itself and brings its own (SubjectCluster.network).
 */
export interface Network {
  /** 'proxy', 'netns', 'maelstrom', ... (recorded in test.json). */
  readonly name: string;
  /** Replace the current partition; an empty grudge heals it. */
  partition(grudge: Grudge): void | Promise<void>;
  /** Release every socket, namespace or route it holds. */
  close(): Promise<void>;
}

/** A network between TCP endpoints: nodes and clients dial the addresses it hands out. */
export interface AddressedNetwork extends Network {
  /** Where node `from` dials to reach node `to`. */
  peerAddress(from: number, to: number): Address;
  /** Where clients dial to reach node `node`. */
  clientAddress(node: number): Address;
  /** Route the links into `node` to where it listens now, or to nothing while it is down. */
  attach(node: number, endpoints: NodeEndpoints | null): void;
}

// ---------------------------------------------------------------- the cluster plan

/** One node's place on disk (all under <run>/nodes/n<id>/). */
export interface NodePlan {
  readonly id: number;
  readonly dir: string;
  readonly dataDir: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Where the node writes its events (read back only if the subject has 'event-log'). */
  readonly eventLog: string;
  /** A file the subject may write the node's configuration to. */
  readonly config: string;
}

/** Raft protocol choices of a run; a subject refuses those it does not honour (Subject.honours). */
export interface ProtocolOptions {
  readonly readMode: 'log' | 'read-index' | 'lease' | 'local';
  readonly bugs: readonly string[];
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
}

/** Everything a subject needs to lay out and start its nodes. */
export interface ClusterPlan {
  readonly runDir: string;
  readonly nodeIds: readonly number[];
  readonly nodes: ReadonlyMap<number, NodePlan>;
  /** The run's seed; derive per-node seeds from it (src/util/rng.ts deriveSeed). */
  readonly seed: number;
  /** Wall-clock ms at the run's start: event timestamps are relative to it. */
  readonly runEpochMs: number;
  /** The network the runner opened, or null when the subject brings its own. */
  readonly network: AddressedNetwork | null;
  readonly protocol: ProtocolOptions;
  /** Subject-specific overrides (tests and benchmarks tune node timing this way); usually absent. */
  readonly tuning?: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------- the client

/** One logical request: (clientId, seq) is unique, and a retry of the same op reuses it. */
export interface ClientRequestSpec {
  readonly clientId: string;
  readonly seq: number;
  readonly op: ClientOpSpec;
}

/**
 * What became of one send (the client-process state machine in src/control/clients turns these into
 * ok / fail / info history records):
 * - ok: done (value = the value read, null for writes);
 * - fail: certainly not done (cas mismatch, refused before proposing);
 * - unknown: may or may not take effect (timeout, connection lost after sending, leadership lost);
 * - redirect: not the leader, try `leader` (null when unknown); nothing was done;
 * - not-sent: the request certainly never reached the node (connection refused).
 */
export type ClientAnswer =
  | { readonly kind: 'ok'; readonly value: number | null }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'redirect'; readonly leader: number | null }
  | { readonly kind: 'not-sent'; readonly reason: string };

/** A connection (or a pool of them) from the controller to the nodes' client endpoints. */
export interface SubjectClient {
  /** Never rejects for a network failure: that is an answer (unknown or not-sent). */
  send(node: number, request: ClientRequestSpec, timeoutMs: number): Promise<ClientAnswer>;
  close(): void;
}

// ---------------------------------------------------------------- ability interfaces

export interface KillAbility {
  kill(nodes: readonly number[]): Promise<void>;
  /** Start killed nodes again, on the same data directories. */
  restart(nodes: readonly number[]): Promise<void>;
}

export interface PauseAbility {
  pause(nodes: readonly number[]): void | Promise<void>;
  resume(nodes: readonly number[]): void | Promise<void>;
}

export interface ClockAbility {
  /** offsetMs added to true time, rate = how fast the node's clock runs (1 = true speed). */
  setClock(node: number, offsetMs: number, rate: number): Promise<void>;
}

/** The part of a node's status the runner uses. */
export interface NodeStatusView {
  readonly role: string;
  readonly term: number;
  readonly leader: number | null;
  readonly commit: number;
  /** Highest applied index, when the subject reports it (recovery waits for it to reach commit). */
  readonly applied?: number;
  /** Last log index, when the subject reports it (reactive generators wait on it). */
  readonly lastIndex?: number;
}

export interface StatusAbility {
  /** The leader as the latest polls show it (highest term among nodes calling themselves leader). */
  leader(): number | null;
  /** Each node's latest status (null: down or not answering). */
  statuses(): ReadonlyMap<number, NodeStatusView | null>;
  /** Poll every running node once. */
  poll(): Promise<void>;
}

export interface EventLogAbility {
  /** Each node's events.jsonl. */
  eventLogs(): ReadonlyMap<number, string>;
}

// ---------------------------------------------------------------- findings

/** One thing a subject found wrong with its nodes by itself (a deadlock, a panic, a stall). */
export interface SubjectFinding {
  readonly kind: string;
  /** The node (1..N) it concerns. */
  readonly node: number;
  readonly message: string;
  /** Seconds since the run started, when known. */
  readonly timeS?: number;
  /** The first lines of a stack or goroutine dump, when there is one. */
  readonly stack?: string;
}

/**
 * The subject's own checker (results.json `checkers.findings`): valid false when it found
 * anything. It takes part in the run's merged verdict like the other checkers.
 */
export interface SubjectFindings {
  readonly valid: boolean;
  readonly findings: readonly SubjectFinding[];
  /** One sentence: what was looked for, or what was found. */
  readonly message: string;
}

// ---------------------------------------------------------------- subject and cluster

export interface NodeExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** A started (or startable) cluster of one subject. Ability members are present iff declared. */
export interface SubjectCluster {
  readonly nodeIds: readonly number[];
  /** Start every node; on failure nothing is left running (and the error names the node). */
  start(): Promise<void>;
  /** Graceful stop of every node. */
  stop(): Promise<void>;
  /** Kill everything at once (error paths); safe to call twice. */
  destroy(): Promise<void>;
  /** Is the node there (running or paused)? A killed node is not, until it restarts. */
  isUp(node: number): boolean;
  /** Every OS process id the cluster ever started (the runner checks none is left). */
  pids(): readonly number[];
  /** Set by the runner: a node exited without being asked to. */
  onUnexpectedExit: ((node: number, exit: NodeExit) => void) | null;
  /** A new client; the runner closes it. */
  openClient(): SubjectClient;
  /**
   * Facts of the subject's own for results.json (written under `subject`): for example what a
   * foreign node did wrong, or its network's counters. Called once the nodes are stopped.
   */
  report?(): Readonly<Record<string, unknown>>;
  /** What the subject found wrong by itself (a checker of the run). Called once the nodes are stopped. */
  findings?(): SubjectFindings;
  /** One line on every node's state, for error messages (e.g. no leader elected). */
  describe?(): string;
  /** The subject's own network (when Subject.ownNetwork); the runner then partitions through it. */
  readonly network?: Network;
  readonly kill?: KillAbility;
  readonly pause?: PauseAbility;
  readonly clock?: ClockAbility;
  readonly status?: StatusAbility;
  readonly eventLog?: EventLogAbility;
}

/**
 * Fault schedules a subject brings of its own (a lab Raft is broken as the lab's own tester breaks
 * it): the packages it plays for --nemesis, and scenarios of its own beside the bug catalogue's.
 * The record's nemesis comes from here when the subject has them (runNemesisOf), so a subject's
 * schedule is chosen, refused and recorded as every other.
 */
export interface SubjectSchedules {
  /** The names --scenario takes for the subject's own scenarios. */
  readonly scenarios: readonly string[];
  /** One of `scenarios` as the nemesis package of a run of timeLimitS. */
  scenario(name: string, timeLimitS: number): Nemesis;
  /** The subject's package for a --nemesis list (with --partition-shapes' shapes, when given). */
  nemesis(list: string, partitionShapes: readonly PartitionSpec[] | undefined): Nemesis;
}

export interface Subject {
  readonly name: string;
  /** One line for `raft-chaos subjects`. */
  readonly description: string;
  readonly abilities: readonly Ability[];
  /** The ProtocolOptions it honours; others must stay at their defaults. */
  readonly honours: readonly SubjectOption[];
  /**
   * True when the subject can start its nodes on the hosts of a hosted network (src/net/types.ts:
   * --net netns, --net ssh): through each host's runner, listening on the host's address.
   */
  readonly runsOnHosts?: boolean;
  /**
   * The network used when --net is not given, where this machine can make it (else the proxies):
   * a subject whose faults need hosts of their own.
   */
  readonly preferredNet?: 'netns';
  /**
   * True when its nodes dial one another directly, not through the proxy network's per-link
   * addresses (etcd advertises one peer URL per member): under --net proxy its partitions and link
   * faults cannot be made, and are refused before the run.
   */
  readonly peersBypassProxy?: boolean;
  /** True when the subject routes node-to-node messages itself (SubjectCluster.network). */
  readonly ownNetwork: boolean;
  /** Fault schedules of its own, in place of the common packages (absent: the common ones). */
  readonly schedules?: SubjectSchedules;
  /**
   * Invariants of the checker (src/checker/invariants.ts names) that this subject's event log
   * cannot show, each with the reason: they are reported not applicable, never as held.
   */
  readonly unobservable?: Readonly<Record<string, string>>;
  /**
   * Before anything of the run exists (no run directory yet): build steps, checks that binaries
   * exist. Throws SubjectError with one line naming what is missing and how to get it (exit 255,
   * the run directory kept with the error in results.json), or UsageError when what the user gave
   * cannot be built (exit 254, nothing left behind).
   */
  prepare?(): Promise<void>;
  /** What every node will be configured with, recorded in test.json (nodeSettings). */
  settings?(protocol: ProtocolOptions, tuning?: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
  /** Lay out the nodes (config files, data directories); nothing runs until start(). */
  create(plan: ClusterPlan): Promise<SubjectCluster>;
}

/** A subject could not be prepared or started: exit 255 with this one line. */
export class SubjectError extends Error {
  override name = 'SubjectError';
}
