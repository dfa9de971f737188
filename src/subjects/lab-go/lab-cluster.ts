// A lab Raft's nodes as a SubjectCluster: one process of the built lab-node binary per node, run
// by the Maelstrom host (src/subjects/maelstrom/host.ts) in the plan's node folder, its messages
// routed through the host network (partitions, --latency, --loss). Abilities: kill (SIGKILL;
// restart from the Persister's files), pause (SIGSTOP / SIGCONT), status (from the event logs),
// event-log. What the lab package did wrong by itself (deadlock, panic, an exit of its own, a
// majority left leaderless by stale heartbeats) is its findings checker.
import path from 'node:path';
import type { Grudge } from '../../plugins.js';
import type { ClusterPlan, EventLogAbility, KillAbility, Network, NodeExit, PauseAbility, SubjectClient, SubjectCluster, SubjectFindings } from '../types.js';
import { seededRng, deriveSeed } from '../../util/rng.js';
import { MaelstromHost } from '../maelstrom/host.js';
import { MaelstromClient } from '../maelstrom/client.js';
import { clientName } from '../maelstrom/protocol.js';
import type { NetworkFaults } from '../maelstrom/network.js';
import { networkReport } from '../maelstrom/network-report.js';
import { findLeaderlessStalls, type LeadershipRecord } from '../../checker/invariants/leaderless-majority.js';
import { LabStatus } from './status.js';
import { LabClient } from './client.js';
import { FaultTimeline } from '../../faults/fault-timeline.js';
import { readDeadlocks, readPanics, stallFinding, type LabFinding } from './findings.js';
import { readLeadership } from './leadership.js';
import type { LabBuild } from './build.js';

/** The lab's tester wants a new leader within five seconds (checkOneLeader). */
export const LEADERLESS_BOUND_S = 5;
/**
 * Under long reordering the lab checks no leader within 5 s: its Figure8Unreliable test only
 * wants agreement, within one()'s 10 s. Elections there can take longer (votes come late).
 */
export const LEADERLESS_BOUND_LONG_REORDERING_S = 10;
/** How often the event logs are read for the status while the nodes run. */
const STATUS_POLL_MS = 50;

export interface LabClusterConfig {
  readonly build: LabBuild;
  /** Where it was compiled (the paths in its stacks), shown as the student's folder instead. */
  readonly compiledIn?: string;
  readonly faults: NetworkFaults;
  /** LAB_* settings of the adapter (op timeout, RPC timeout, poll, deadlock bound). */
  readonly nodeEnv: Readonly<Record<string, string>>;
  /** Seconds a majority that hears itself may stay leaderless (default LEADERLESS_BOUND_S). */
  readonly leaderlessBoundS?: number;
}

export class LabGoCluster implements SubjectCluster {
  readonly nodeIds: readonly number[];
  readonly host: MaelstromHost;
  readonly network: Network;
  readonly kill: KillAbility;
  readonly pause: PauseAbility;
  readonly status: LabStatus;
  readonly eventLog: EventLogAbility;
  onUnexpectedExit: ((node: number, exit: NodeExit) => void) | null = null;
  private clients = 0;
  private readonly startedAtMs = Date.now();
  private readonly timeline: FaultTimeline;
  private readonly exits = new Map<number, NodeExit[]>();
  private stoppedAtNs: number | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly logs: ReadonlyMap<number, string>;

  constructor(
    private readonly plan: ClusterPlan,
    private readonly config: LabClusterConfig,
  ) {
    this.nodeIds = plan.nodeIds;
    const nowNs = (): number => (Date.now() - plan.runEpochMs) * 1e6;
    this.timeline = new FaultTimeline(nowNs);
    this.host = new MaelstromHost({
      argv: [config.build.binary],
      nodeCount: plan.nodeIds.length,
      nodesDir: path.join(plan.runDir, 'nodes'),
      nodeDir: (id) => plan.nodes.get(id)!.dir,
      env: { RAFT_CHAOS_EPOCH_NS: String(BigInt(plan.runEpochMs) * 1_000_000n), ...config.nodeEnv },
      rng: seededRng(deriveSeed(plan.seed, 'lab-go-network')),
      nowS: () => (Date.now() - plan.runEpochMs) / 1000,
    });
    this.host.network.setFaults(config.faults);
    const host = this.host;
    host.onUnexpectedExit = (node, exit) => {
      this.exits.set(node, [...(this.exits.get(node) ?? []), { code: exit.code, signal: exit.signal }]);
      this.timeline.down([node]);
      this.onUnexpectedExit?.(node, { code: exit.code, signal: exit.signal });
    };
    this.logs = new Map(plan.nodeIds.map((id) => [id, plan.nodes.get(id)!.eventLog]));
    this.status = new LabStatus(this.logs, (id) => host.isUp(id));
    this.eventLog = { eventLogs: () => this.logs };
    this.network = {
      name: 'lab-go (Maelstrom host)',
      partition: (grudge) => this.applyCut(grudge),
      close: async () => host.network.close(),
    };
    this.kill = {
      kill: async (nodes) => {
        await host.kill(nodes);
        this.timeline.down(nodes);
      },
      restart: async (nodes) => {
        await host.restart(nodes);
        this.timeline.up(nodes);
      },
    };
    this.pause = {
      pause: (nodes) => {
        host.pause(nodes);
        this.timeline.pause(nodes);
      },
      resume: (nodes) => {
        host.resume(nodes);
        this.timeline.resume(nodes);
      },
    };
  }

  private applyCut(cut: Grudge): void {
    this.host.partition(cut);
    this.timeline.setCut(cut);
  }

  async start(): Promise<void> {
    try {
      await this.host.start();
    } catch (err) {
      await this.host.stop(0);
      throw err;
    }
    this.timeline.up(this.nodeIds);
    this.poller = setInterval(() => void this.status.poll(), STATUS_POLL_MS);
    this.poller.unref();
  }

  private stopPolling(): void {
    if (this.poller !== null) clearInterval(this.poller);
    this.poller = null;
  }

  async stop(): Promise<void> {
    this.stopPolling();
    this.stoppedAtNs = (Date.now() - this.plan.runEpochMs) * 1e6;
    await this.host.stop(1000);
  }

  async destroy(): Promise<void> {
    this.stopPolling();
    this.stoppedAtNs ??= (Date.now() - this.plan.runEpochMs) * 1e6;
    await this.host.stop(0);
  }

  isUp(node: number): boolean {
    return this.host.isUp(node);
  }

  pids(): readonly number[] {
    return this.host.allPids();
  }

  openClient(): SubjectClient {
    return new LabClient(new MaelstromClient(this.host, () => clientName(this.clients++)), () => this.status.leader());
  }

  describe(): string {
    return this.nodeIds
      .map((id) => {
        const s = this.status.stateOf(id);
        return `n${id} ${this.host.stateOf(id)}${s === null ? ' (no GetState yet)' : ` term ${s.term}${s.leads ? ' leader' : ''}`}`;
      })
      .join(', ');
  }

  findings(): SubjectFindings {
    const out: LabFinding[] = [];
    for (const id of this.nodeIds) {
      const node = this.plan.nodes.get(id)!;
      const panics = readPanics(node.stderr, id);
      out.push(...readDeadlocks(node.dir, id), ...panics);
      if (panics.length === 0) {
        for (const e of this.exits.get(id) ?? []) {
          out.push({ kind: 'exit', node: id, message: `node ${id} exited by itself (code ${e.code}, signal ${e.signal}); see nodes/n${id}/stderr.log` });
        }
      }
    }
    const leadership: LeadershipRecord[] = this.nodeIds.flatMap((id) => readLeadership(this.logs.get(id)!, id));
    const stalls = findLeaderlessStalls({
      nodeIds: this.nodeIds,
      faults: this.timeline.snapshots,
      leadership,
      endNs: this.stoppedAtNs ?? (Date.now() - this.plan.runEpochMs) * 1e6,
      boundNs: this.leaderlessBoundS() * 1e9,
    });
    out.push(...stalls.map((s) => stallFinding(s, this.leaderlessBoundS())));
    const compiled = this.config.compiledIn;
    if (compiled !== undefined) {
      const student = (text: string): string => text.split(path.join(compiled, 'raft') + path.sep).join(this.config.build.labDir + path.sep);
      for (let i = 0; i < out.length; i++) {
        const f = out[i]!;
        if (f.stack !== undefined) out[i] = { ...f, stack: student(f.stack) };
      }
    }
    return {
      valid: out.length === 0,
      findings: out,
      message:
        out.length === 0
          ? `no deadlock (GetState always returned), no node crashed by itself, and every majority that heard itself had a leader within ${this.leaderlessBoundS()} s`
          : out.map((f) => f.message).join('; '),
    };
  }

  private leaderlessBoundS(): number {
    return this.config.leaderlessBoundS ?? LEADERLESS_BOUND_S;
  }

  report(): Readonly<Record<string, unknown>> {
    const durationS = (Date.now() - this.startedAtMs) / 1000;
    return {
      name: 'lab-go',
      labDir: this.config.build.labDir,
      files: this.config.build.files,
      packageName: this.config.build.packageName,
      nodeNames: Object.fromEntries(this.nodeIds.map((id) => [`n${id}`, this.host.nameOf(id)])),
      network: networkReport(this.host, durationS),
      pids: this.host.allPids(),
    };
  }
}
