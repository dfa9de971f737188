// Generators as values (Jepsen's generator library, as a step function): a generator is asked, with
// the time, an Rng and a read-only view of the cluster, what happens next, and answers with one
// step: an op to carry out now, a wait, or done. Every step carries the generator to ask next, so a
// generator value is never changed by asking it: the same value asked with the same Rng state and
// context gives the same step (pure with respect to the injected Rng), and a combinator can start a
// value over (repeat) or hold several (any). A generator never does I/O; an interpreter (virtual
// time: src/sim/generator-world.ts; wall time: src/control/runner/nemesis-loop.ts) carries out its
// ops and moves time.
import type { FaultOp } from '../plugins.js';
import type { Rng } from '../raft/types.js';

/**
 * A client write proposed at one node, as a client stuck on that node would send it: `writes`
 * writes of key "nemesis". In the simulator it goes straight to the node's Raft (nothing when it
 * does not lead); in a real run it is sent to that node's client endpoint, not redirected, and its
 * replies are not waited for. Recorded under process "nemesis", never as a client operation.
 */
export interface ProposeOp {
  readonly f: 'propose';
  readonly value: { readonly node: number; readonly writes: number };
}

/** What a generator yields: a fault op (src/plugins.ts) or a proposal. */
export type GenOp = FaultOp | ProposeOp;

/** One node as the interpreter knows it; a field is absent where it cannot know it. */
export interface NodeView {
  readonly role: string;
  readonly term: number;
  readonly commit?: number;
  readonly lastIndex?: number;
}

/** The cluster, read-only, as the interpreter sees it at the moment a generator is asked. */
export interface ClusterView {
  readonly nodeIds: readonly number[];
  /** The node leading the highest term among those up, or null. */
  leader(): number | null;
  /** A node's status; null when it is down or not answering. */
  node(id: number): NodeView | null;
  /** Nodes the faults left dead, or paused. */
  readonly down: ReadonlySet<number>;
  readonly paused: ReadonlySet<number>;
}

export interface GenContext {
  /** Milliseconds since the interpreter started (virtual or wall). */
  readonly nowMs: number;
  /** The only source of randomness a generator may use. */
  readonly rng: Rng;
  readonly view: ClusterView;
}

/**
 * One answer of a generator.
 * - op: carry out `op` now, then ask `next` (at the same time).
 * - wait: nothing before untilMs; ask `next` then. With pollMs the wait is reactive: ask `next`
 *   every pollMs before that too, since the cluster may have changed.
 * - done: nothing more, ever.
 */
export type Step =
  | { readonly kind: 'op'; readonly op: GenOp; readonly next: Gen }
  | { readonly kind: 'wait'; readonly untilMs: number; readonly pollMs?: number; readonly next: Gen }
  | { readonly kind: 'done' };

export interface Gen {
  next(ctx: GenContext): Step;
  /** True when some step depends on the cluster view: an interpreter must be able to give one. */
  readonly reactive: boolean;
}
