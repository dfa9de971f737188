// The Maelstrom host as a SubjectCluster (src/subjects/types.ts): its own network (partitions,
// latency, loss, duplication between nodes), the kill and pause abilities, the lin-kv client,
// and, for results.json, what the nodes did wrong, the network's counters and whether the
// subject keeps durable state. A protocol violation is passed to onViolation at once (the
// command stops the run with it and exits 255).
import path from 'node:path';
import type { ClusterPlan, KillAbility, Network, NodeExit, PauseAbility, SubjectClient, SubjectCluster } from '../types.js';
import { seededRng, deriveSeed } from '../../util/rng.js';
import type { Finding } from './findings.js';
import { MaelstromHost } from './host.js';
import { MaelstromClient } from './client.js';
import { clientName } from './protocol.js';
import type { NetworkFaults } from './network.js';
import { durabilityNote } from './durability.js';
import { networkReport } from './network-report.js';

export interface MaelstromConfig {
  /** The --bin text as given, and its words (files already made absolute). */
  readonly bin: string;
  readonly argv: readonly string[];
  readonly faults: NetworkFaults;
  readonly initTimeoutMs?: number;
  /** Every finding, as it happens (the command prints it). */
  readonly onFinding?: (finding: Finding) => void;
}

export class MaelstromCluster implements SubjectCluster {
  readonly nodeIds: readonly number[];
  readonly host: MaelstromHost;
  readonly network: Network;
  readonly kill: KillAbility;
  readonly pause: PauseAbility;
  onUnexpectedExit: ((node: number, exit: NodeExit) => void) | null = null;
  private clients = 0;
  private readonly startedAtMs = Date.now();

  constructor(
    plan: ClusterPlan,
    private readonly config: MaelstromConfig,
  ) {
    this.nodeIds = plan.nodeIds;
    this.host = new MaelstromHost({
      argv: config.argv,
      nodeCount: plan.nodeIds.length,
      nodesDir: path.join(plan.runDir, 'nodes'),
      rng: seededRng(deriveSeed(plan.seed, 'maelstrom-network')),
      nowS: () => (Date.now() - plan.runEpochMs) / 1000,
      ...(config.initTimeoutMs !== undefined ? { initTimeoutMs: config.initTimeoutMs } : {}),
    });
    this.host.network.setFaults(config.faults);
    this.host.findings.onFinding = (f) => config.onFinding?.(f);
    this.host.onUnexpectedExit = (node, exit) => this.onUnexpectedExit?.(node, { code: exit.code, signal: exit.signal });
    const host = this.host;
    this.network = { name: 'maelstrom', partition: (grudge) => host.partition(grudge), close: async () => host.network.close() };
    this.kill = { kill: (nodes) => host.kill(nodes), restart: (nodes) => host.restart(nodes) };
    this.pause = { pause: (nodes) => host.pause(nodes), resume: (nodes) => host.resume(nodes) };
  }

  async start(): Promise<void> {
    try {
      await this.host.start();
    } catch (err) {
      await this.host.stop(0);
      throw err;
    }
  }

  stop(): Promise<void> {
    return this.host.stop(1000);
  }

  destroy(): Promise<void> {
    return this.host.stop(0);
  }

  isUp(node: number): boolean {
    return this.host.isUp(node);
  }

  pids(): readonly number[] {
    return this.host.allPids();
  }

  openClient(): SubjectClient {
    return new MaelstromClient(this.host, () => clientName(this.clients++));
  }

  describe(): string {
    return this.nodeIds.map((id) => `${this.host.nameOf(id)} ${this.host.stateOf(id)}`).join(', ');
  }

  /** The first protocol violation, if any. */
  violation(): Finding | null {
    return this.host.findings.firstViolation();
  }

  report(): Readonly<Record<string, unknown>> {
    const host = this.host;
    const restarted = [...host.startCounts()].filter(([, n]) => n > 1).map(([id]) => host.nameOf(id));
    const durationS = (Date.now() - this.startedAtMs) / 1000;
    return {
      name: 'maelstrom',
      bin: this.config.bin,
      nodeNames: this.nodeIds.map((id) => host.nameOf(id)),
      findings: host.findings.findings,
      findingsSuppressed: Object.fromEntries(host.findings.suppressed),
      network: networkReport(host, durationS),
      durability: durabilityNote(new Map(this.nodeIds.map((id) => [host.nameOf(id), host.cwdOf(id)])), restarted),
      pids: host.allPids(),
    };
  }
}
