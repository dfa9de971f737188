// A directed simulation for one bug: a cluster shaped for the bug (size, protocol options, network,
// clocks), simulated clients, and a scripted nemesis that drives virtual time itself; then a heal,
// a bounded convergence phase and the checkers (verdict.ts). Seeded and deterministic: the seed
// picks election timeouts, delays, client ops and the script's random choices.
import type { NodeEvent } from '../history/events.js';
import type { HostReadMode } from '../host/types.js';
import { NO_GRUDGE, completeGrudge } from '../faults/partition.js';
import { createRng } from '../raft/index.js';
import type { BugName, Rng } from '../raft/types.js';
import { DEFAULT_CLIENTS, SimClients } from '../sim/clients.js';
import { DEFAULT_RAFT, SimBudgetError, SimCluster, clusterOptions } from '../sim/cluster.js';
import type { RaftOptions } from '../sim/cluster.js';
import { HistoryRecorder } from '../sim/history-recorder.js';
import { RELIABLE_NETWORK } from '../sim/network.js';
import type { NetworkOptions } from '../sim/network.js';
import { deriveSeed } from '../util/rng.js';
import { encodeCommand } from '../statemachine/command.js';
import { lookupWorkload } from '../../workloads/index.js';
import type { Evidence } from './verdict.js';
import { judge } from './verdict.js';

/** What a nemesis script can do: move virtual time, cut links, crash, skew clocks, propose. */
export class ScenarioContext {
  private proposals = 0;
  private currentGrudge: Map<number, Set<number>> = new Map();

  constructor(
    readonly cluster: SimCluster,
    readonly rng: Rng,
    /** End of the fault phase (virtual microseconds): the script must not run past it. */
    readonly endUs: number,
    private readonly history: HistoryRecorder,
  ) {}

  get nowUs(): number {
    return this.cluster.nowUs;
  }

  /** Record a nemesis action in the history, as run-seed does. */
  note(f: string, value: unknown): void {
    this.history.add('info', 'nemesis', f, value);
  }

  /** Only nodes in the same component talk; every other link is cut (both ways). */
  split(components: readonly (readonly number[])[]): void {
    this.currentGrudge = completeGrudge(components);
    this.cluster.partition(this.currentGrudge);
    this.note('start-partition', components.map((c) => [...c]));
  }

  /** One-way cuts: `to` drops every message from each node of `from`. */
  ignore(to: number, from: readonly number[]): void {
    const grudge = new Map<number, Set<number>>();
    for (const [node, set] of this.currentGrudge) grudge.set(node, new Set(set));
    const set = grudge.get(to) ?? new Set<number>();
    for (const f of from) set.add(f);
    grudge.set(to, set);
    this.currentGrudge = grudge;
    this.cluster.partition(grudge);
    this.note('start-partition', { ignore: to, from: [...from] });
  }

  heal(): void {
    this.currentGrudge = new Map();
    this.cluster.partition(NO_GRUDGE);
    this.note('stop-partition', null);
  }

  /** Run until pred holds (checked every stepUs) or timeoutUs passes; true if it held. Never past endUs. */
  waitFor(pred: () => boolean, timeoutUs: number, stepUs = 1_000): boolean {
    const until = Math.min(this.endUs, this.cluster.nowUs + timeoutUs);
    while (this.cluster.nowUs < until) {
      if (pred()) return true;
      this.cluster.runUntil(Math.min(until, this.cluster.nowUs + stepUs));
    }
    return pred();
  }

  /** Run for us of virtual time (never past endUs). */
  run(us: number): void {
    this.cluster.runUntil(Math.min(this.endUs, this.cluster.nowUs + us));
  }

  leader(): number | null {
    return this.cluster.leader();
  }

  /** Propose a write of key "nemesis" at a node, as a client stuck on it would: the entry index, or null. */
  proposeAt(node: number): number | null {
    const host = this.cluster.host(node);
    if (host === null) return null;
    this.proposals++;
    const command = encodeCommand({ op: 'write', key: 'nemesis', value: this.proposals, clientId: 'nemesis', seq: this.proposals });
    return host.propose(command)?.index ?? null;
  }

  lastIndex(node: number): number {
    return this.cluster.host(node)?.status().lastIndex ?? 0;
  }

  commit(node: number): number {
    return this.cluster.host(node)?.status().commit ?? 0;
  }
}

export interface ScenarioSpec {
  readonly nodes: number;
  readonly raft: Partial<RaftOptions>;
  readonly network: Partial<NetworkOptions>;
  readonly readMode: HostReadMode;
  readonly clients: {
    readonly count: number;
    readonly opsPerSecond: number;
    /** A client gives up on one node after this long and tries another. */
    readonly attemptTimeoutUs?: number;
    /** A workload name (workloads/index.ts), or null for the simulator's built-in multi-key mix. */
    readonly workload: string | null;
  };
  /** Virtual time of the fault phase. */
  readonly faultPhaseUs: number;
  /** After the heal, one leader and full convergence must come within this long. */
  readonly healBoundUs: number;
  /** The nemesis: drives the cluster through ctx until ctx.endUs (or returns early). */
  readonly script: (ctx: ScenarioContext) => void;
}

export interface ScenarioResult {
  readonly verdict: Evidence;
  readonly virtualUs: number;
  readonly events: ReadonlyMap<number, readonly NodeEvent[]>;
}

const LINEARIZABILITY_BUDGET_MS = 5_000;

export function runScenario(spec: ScenarioSpec, seed: number, bugs: readonly BugName[]): ScenarioResult {
  const cluster = new SimCluster(
    clusterOptions({
      seed,
      nodes: spec.nodes,
      raft: { ...DEFAULT_RAFT, ...spec.raft },
      bugs,
      network: { ...RELIABLE_NETWORK, ...spec.network },
      recordEvents: true,
    }),
  );
  const history = new HistoryRecorder(() => cluster.nowNs());
  const clients = new SimClients(cluster, history, createRng(deriveSeed(seed, 'clients')), {
    ...DEFAULT_CLIENTS,
    count: spec.clients.count,
    opsPerSecond: spec.clients.opsPerSecond,
    attemptTimeoutUs: spec.clients.attemptTimeoutUs ?? DEFAULT_CLIENTS.attemptTimeoutUs,
    readMode: spec.readMode,
    workload: spec.clients.workload === null ? null : lookupWorkload(spec.clients.workload),
  });
  const ctx = new ScenarioContext(cluster, createRng(deriveSeed(seed, 'nemesis')), spec.faultPhaseUs, history);
  const failures: string[] = [];
  let healUs = 0;
  let converged = false;
  clients.start();
  try {
    spec.script(ctx);
    cluster.runUntil(spec.faultPhaseUs);
    // The final heal: links, crashed and paused nodes, clocks; the network made reliable.
    clients.stop();
    cluster.partition(NO_GRUDGE);
    for (const id of cluster.nodeIds) {
      cluster.start(id);
      cluster.resumeNode(id);
      cluster.setClock(id, 0, 1);
    }
    cluster.network.options = { ...cluster.network.options, lossRate: 0, duplicateRate: 0, longReordering: false };
    history.add('info', 'nemesis', 'heal-all', null);
    healUs = cluster.nowUs;
    const deadlineUs = healUs + DEFAULT_CLIENTS.opTimeoutUs + spec.healBoundUs;
    while (cluster.nowUs < deadlineUs) {
      cluster.runForUs(50_000);
      if (isConverged(cluster) && clients.inFlight() === 0) {
        converged = true;
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof SimBudgetError)) throw err;
    failures.push(`liveness: ${err.message}`);
    if (healUs === 0) healUs = cluster.nowUs;
  }
  const events = new Map<number, readonly NodeEvent[]>(cluster.nodes.map((n) => [n.id, n.events]));
  const verdict = judge({
    events,
    history: history.records,
    healUs,
    healBoundUs: DEFAULT_CLIENTS.opTimeoutUs + spec.healBoundUs,
    liveNodes: cluster.nodeIds,
    converged,
    linearizabilityBudgetMs: LINEARIZABILITY_BUDGET_MS,
    label: `bug scenario seed ${seed}`,
  });
  return { verdict: { ...verdict, failures: [...verdict.failures, ...failures] }, virtualUs: cluster.nowUs, events };
}

/** One leader, every node up, and every log committed and applied to the leader's last index. */
function isConverged(cluster: SimCluster): boolean {
  const leader = cluster.leader();
  if (leader === null) return false;
  const target = cluster.host(leader)!.status().lastIndex;
  return cluster.nodes.every((n) => {
    if (n.host === null || n.paused) return false;
    const s = n.host.status();
    return s.lastIndex === target && s.commit === target && n.host.applied() === target;
  });
}
