// The single-register subject: a reference system for testing the tool itself, not Raft. The
// primary (lowest id) holds every key and saves it before answering; the other nodes forward to it
// through the run's network, so partitions bite (a cut-off node's requests go unanswered) and the
// history stays linearizable. Abilities: kill and restart (its state survives on disk) and pause,
// from the shared process code; no clock, no status, no event log (invariants: not applicable).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressedNetwork, ClusterPlan, KillAbility, NodeExit, PauseAbility, Subject, SubjectCluster } from '../types.js';
import { SubjectError } from '../types.js';
import { NodeProcess, type NodeCommand } from '../process/node-process.js';
import { pauseBySignal } from '../process/signals.js';
import { FramedClient } from '../raft-chaos/framed-client.js';

const READY_TIMEOUT_MS = 15_000;
const STOP_DEADLINE_MS = 3_000;

/** `node node-main.js`, compiled next to this file, or the TypeScript through tsx when run from src/. */
function defaultCommand(): NodeCommand {
  const here = fileURLToPath(import.meta.url);
  const js = path.join(path.dirname(here), 'node-main.js');
  if (here.endsWith('.js') && fs.existsSync(js)) return { file: process.execPath, args: [js] };
  const ts = path.join(path.dirname(here), 'node-main.ts');
  return { file: process.execPath, args: ['--import', 'tsx', ts] };
}

class SingleRegisterCluster implements SubjectCluster {
  readonly nodeIds: readonly number[];
  onUnexpectedExit: ((node: number, exit: NodeExit) => void) | null = null;
  readonly kill: KillAbility;
  readonly pause: PauseAbility;
  private readonly nodes = new Map<number, NodeProcess>();

  constructor(
    plan: ClusterPlan,
    private readonly net: AddressedNetwork,
    command: NodeCommand,
  ) {
    this.nodeIds = [...plan.nodeIds];
    for (const id of this.nodeIds) {
      const paths = plan.nodes.get(id);
      if (paths === undefined) throw new SubjectError(`the cluster plan has no paths for node n${id}`);
      fs.mkdirSync(paths.dataDir, { recursive: true });
      const peerAddresses: Record<string, unknown> = {};
      for (const peer of this.nodeIds) if (peer !== id) peerAddresses[String(peer)] = net.peerAddress(id, peer);
      fs.writeFileSync(paths.config, `${JSON.stringify({ id, nodeIds: this.nodeIds, dataDir: paths.dataDir, peerAddresses }, null, 2)}\n`);
      const node = new NodeProcess(id, paths, command);
      node.onUnexpectedExit = (n) => this.onUnexpectedExit?.(n.id, n.lastExit ?? { code: null, signal: null });
      this.nodes.set(id, node);
    }
    this.kill = {
      kill: async (ids: readonly number[]) => {
        await Promise.all(
          ids.map(async (id) => {
            await this.node(id).kill();
            this.net.attach(id, null);
          }),
        );
      },
      restart: async (ids: readonly number[]) => {
        await Promise.all(ids.map((id) => this.startNode(id)));
      },
    };
    this.pause = pauseBySignal((id) => this.node(id));
  }

  async start(): Promise<void> {
    const results = await Promise.allSettled(this.nodeIds.map((id) => this.startNode(id)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) {
      await this.destroy();
      throw failure.reason instanceof Error ? failure.reason : new SubjectError(String(failure.reason));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodeIds.map((id) => this.node(id).stop(STOP_DEADLINE_MS)));
  }

  async destroy(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.kill()));
  }

  isUp(id: number): boolean {
    return this.node(id).isUp;
  }

  pids(): readonly number[] {
    return [...this.nodes.values()].flatMap((n) => n.pids);
  }

  openClient(): FramedClient {
    return new FramedClient((id) => this.net.clientAddress(id));
  }

  describe(): string {
    return [...this.nodes.values()].map((n) => `n${n.id}: ${n.state}`).join('; ');
  }

  private node(id: number): NodeProcess {
    const node = this.nodes.get(id);
    if (node === undefined) throw new SubjectError(`no node n${id} in this cluster`);
    return node;
  }

  private async startNode(id: number): Promise<void> {
    const ready = await this.node(id).start(READY_TIMEOUT_MS);
    this.net.attach(id, { peer: { host: '127.0.0.1', port: ready.peerPort }, client: { host: '127.0.0.1', port: ready.clientPort } });
  }
}

/** The subject; `command` replaces the node program (tests). */
export function singleRegisterSubject(command?: NodeCommand): Subject {
  return {
    name: 'single-register',
    description: 'a reference register for testing the tool: the lowest node holds every key, the others forward to it (not Raft)',
    abilities: ['kill', 'pause'],
    honours: [],
    ownNetwork: false,
    async create(plan: ClusterPlan): Promise<SubjectCluster> {
      if (plan.network === null) throw new SubjectError('the single-register subject needs an addressed network (--net proxy)');
      return new SingleRegisterCluster(plan, plan.network, command ?? defaultCommand());
    },
  };
}
