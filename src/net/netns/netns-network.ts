// The netns network: one namespace per node on this machine, a bridge, kernel faults.
//   create   -- remove leftovers of dead runs, claim a /24, write the run's record, make the bridge,
//               namespaces and veths, the nftables table in each namespace, and (with latency)
//               netem on each namespace's eth0 when the kernel has it (src/net/netns/netem.ts), the
//               user-space delay proxies otherwise; an exit hook removes it all if the process ends early
//   partition -- each node's namespace drops packets from the addresses of its grudge (src/net/nft.ts);
//               the rules' counters are read before each change, so describe() says what each cut
//               link dropped (partitionDrops)
//   close    -- kill what runs in the namespaces, delete veths, bridge, namespaces, record
// Nodes listen on <subnet>.<id> at fixed ports; clients and the controller dial from <subnet>.254.
import { execFileSync } from 'node:child_process';
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import type { Grudge } from '../../plugins.js';
import { netnsRunner, type HostRunner } from '../hosts/runner.js';
import { applyNft, rulesScript, setupScript } from '../nft.js';
import { PartitionDropCounts } from '../drop-counts.js';
import type { Address, HostedNetwork, NodePlacement, NodePorts } from '../types.js';
import { bridgeName, namespaceName, newNetRunId, tableName, vethName, type NetRunId } from './names.js';
import { killNamespaceProcesses } from './processes.js';
import { claimSubnet, processStart, releaseSubnet, removeRecord, writeRecord } from './state.js';
import { createTopology, planTopology, removeNetDevices, rootAddresses, type Topology } from './topology.js';
import { removeLeftovers, type NetnsRunTrace } from './leftovers.js';
import { PROXIES_PREFIX } from './delay-proxy-protocol.js';
import { netemCommands, type NetemDelay } from './netem.js';
import { trackChild, untrackChild } from '../../subjects/process/reaper.js';
import { projectRoot } from '../../util/project-root.js';

export const DEFAULT_NODE_PORTS: NodePorts = { peer: 7001, client: 7002, control: 7003 };

export interface NetnsNetworkOptions {
  readonly nodeIds: readonly number[];
  /** One-way delay added to every peer link, by netem or in user space (ms; 0 = none). */
  readonly latencyMs?: number;
  /** Percent of peer packets sent twice (netem only; 0 = none). */
  readonly duplicatePercent?: number;
  /** Percent of peer packets sent ahead of the delayed others (netem only, with a latency; 0 = none). */
  readonly reorderPercent?: number;
  readonly ports?: NodePorts;
  /** The run directory (recorded so `raft-chaos clean` can say whose leftovers these were). */
  readonly runDir?: string;
  /** Whether the kernel has netem (probeNetnsSupport), for describe(). */
  readonly netem?: { readonly available: boolean; readonly probe: string };
  readonly runId?: NetRunId;
}

export class NetnsNetwork implements HostedNetwork {
  readonly name = 'netns';
  private grudge: Grudge = new Map();
  private lossPercent = 0;
  /** Packets the partition rules dropped so far, by directed link (read before each change). */
  private readonly drops = new PartitionDropCounts();
  private readonly proxies = new Map<number, { child: ResultPromise; ports: Map<number, number> }>();
  private closed = false;
  private readonly exitHook = (): void => this.removeNowSync();
  /** Leftovers of earlier runs that create() removed. */
  removedLeftovers: readonly NetnsRunTrace[] = [];

  private constructor(
    readonly topology: Topology,
    private readonly options: NetnsNetworkOptions,
    readonly ports: NodePorts,
  ) {}

  /** How link latency is made: netem when the kernel has it, else delay proxies in the namespaces. */
  get latencyPath(): 'none' | 'kernel netem' | 'user-space delay proxies' {
    if ((this.options.latencyMs ?? 0) <= 0) return 'none';
    return this.options.netem?.available === true ? 'kernel netem' : 'user-space delay proxies';
  }

  get runId(): NetRunId {
    return this.topology.runId;
  }

  /** Make the network; on any failure whatever was made is removed before the error is thrown. */
  static async create(options: NetnsNetworkOptions): Promise<NetnsNetwork> {
    const removed = await removeLeftovers();
    const runId = options.runId ?? newNetRunId();
    const subnet = claimSubnet(runId, await rootAddresses());
    const topology = planTopology(runId, subnet, options.nodeIds);
    const network = new NetnsNetwork(topology, options, options.ports ?? DEFAULT_NODE_PORTS);
    network.removedLeftovers = removed;
    try {
      writeRecord({
        runId,
        ownerPid: process.pid,
        ownerStart: processStart(process.pid),
        subnet,
        nodeIds: [...options.nodeIds],
        createdAt: new Date().toISOString(),
        ...(options.runDir !== undefined ? { runDir: options.runDir } : {}),
      });
    } catch (err) {
      releaseSubnet(subnet, runId);
      throw err;
    }
    process.on('exit', network.exitHook);
    try {
      await createTopology(topology);
      await Promise.all(options.nodeIds.map((id) => applyNft(network.runner(id), setupScript(tableName(runId)))));
      const latencyMs = options.latencyMs ?? 0;
      const duplicatePercent = options.duplicatePercent ?? 0;
      const reorderPercent = options.reorderPercent ?? 0;
      if (duplicatePercent > 0 || reorderPercent > 0) {
        // Only the kernel duplicates and reorders packets (the probe checked netem before the run).
        if (options.netem?.available !== true) throw new Error('duplication and reordering need the kernel netem qdisc, which this kernel lacks');
        await Promise.all(options.nodeIds.map((id) => network.startNetem(id, { delayMs: latencyMs, duplicatePercent, reorderPercent })));
      } else if (latencyMs > 0 && network.latencyPath === 'kernel netem') {
        await Promise.all(options.nodeIds.map((id) => network.startNetem(id, { delayMs: latencyMs })));
      } else if (latencyMs > 0) {
        for (const id of options.nodeIds) await network.startDelayProxies(id, latencyMs);
      }
    } catch (err) {
      await network.close();
      throw err;
    }
    return network;
  }

  runner(node: number): HostRunner {
    return netnsRunner(this.nodeInfo(node).namespace);
  }

  address(node: number): string {
    return this.nodeInfo(node).address;
  }

  get nodeIds(): number[] {
    return [...this.topology.nodes.keys()];
  }

  placement(node: number): NodePlacement {
    return { runner: this.runner(node), address: this.address(node), ports: this.ports, remoteDir: null, program: null };
  }

  peerAddress(from: number, to: number): Address {
    const proxy = this.proxies.get(from)?.ports.get(to);
    if (proxy !== undefined) return { host: '127.0.0.1', port: proxy };
    return { host: this.address(to), port: this.ports.peer };
  }

  clientAddress(node: number): Address {
    return { host: this.address(node), port: this.ports.client };
  }

  /** Nodes listen at fixed ports on their own addresses: nothing to reroute when one restarts. */
  attach(): void {}

  controlAddress(node: number): Address {
    return { host: this.address(node), port: this.ports.control };
  }

  async partition(grudge: Grudge): Promise<void> {
    await this.collectDrops();
    this.grudge = grudge;
    await this.applyRules();
  }

  /**
   * Packets dropped by partition rules so far, per directed link ("1->2": what node 1 sent to
   * node 2's peer port and node 2's namespace dropped), counted up to the last partition change.
   * Links that dropped nothing are left out.
   */
  partitionDrops(): Record<string, number> {
    return this.drops.toJson();
  }

  currentGrudge(): Grudge {
    return this.grudge;
  }

  async setLossPercent(percent: number): Promise<void> {
    await this.collectDrops();
    this.lossPercent = percent;
    await this.applyRules();
  }

  /** The rules of one node's namespace now (`nft list table`), for tests and diagnostics. */
  async listRules(node: number): Promise<string> {
    return (await this.runner(node).run(['nft', 'list', 'table', 'inet', tableName(this.runId)])).stdout;
  }

  describe(): Record<string, unknown> {
    const latencyMs = this.options.latencyMs ?? 0;
    const netem = this.options.netem;
    return {
      name: 'netns',
      runId: this.runId,
      subnet: `${this.topology.controllerAddress.replace(/\.254$/, '.0')}/24`,
      bridge: this.topology.bridge,
      controllerAddress: this.topology.controllerAddress,
      nodes: Object.fromEntries([...this.topology.nodes].map(([id, n]) => [String(id), { namespace: n.namespace, address: n.address }])),
      ports: this.ports,
      partitions: 'nftables drop rules by source address to the peer port, in each node namespace',
      loss: 'nftables numgen random drops in the same rules',
      latencyMs,
      latencyPath: this.latencyPath,
      latency:
        this.latencyPath === 'none'
          ? 'none'
          : this.latencyPath === 'kernel netem'
            ? `kernel netem on each node namespace's eth0, for packets to the other nodes (${netem?.probe ?? 'probed'})`
            : `user-space delay proxies inside each node namespace (the kernel has no netem qdisc: ${netem?.probe ?? 'not probed'})`,
      duplicatePercent: this.options.duplicatePercent ?? 0,
      reorderPercent: this.options.reorderPercent ?? 0,
      netem: netem ?? null,
      partitionDrops: this.partitionDrops(),
    };
  }

  /** Remove everything (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.collectDrops().catch(() => undefined);
    for (const { child } of this.proxies.values()) {
      child.kill('SIGKILL');
      if (child.pid !== undefined) untrackChild(child.pid);
    }
    await Promise.all([...this.proxies.values()].map(({ child }) => child.catch(() => undefined)));
    this.proxies.clear();
    await Promise.all([...this.topology.nodes.values()].map((n) => killNamespaceProcesses(n.namespace)));
    await removeNetDevices(this.runId, this.nodeIds);
    removeRecord(this.runId);
    process.off('exit', this.exitHook);
  }

  // ---------------------------------------------------------------- internals

  private nodeInfo(node: number): { namespace: string; address: string } {
    const n = this.topology.nodes.get(node);
    if (n === undefined) throw new Error(`no node n${node} in netns network ${this.runId}`);
    return n;
  }

  /** Add what each cut link's rule dropped since the rules were last written. */
  private async collectDrops(): Promise<void> {
    await this.drops.collect(this.grudge, { nodeIds: this.nodeIds, address: (n) => this.address(n), runner: (n) => this.runner(n), table: tableName(this.runId), peerPort: this.ports.peer });
  }

  private async applyRules(): Promise<void> {
    const all = this.nodeIds;
    await Promise.all(
      all.map((id) => {
        const dropFrom = [...(this.grudge.get(id) ?? [])].filter((p) => p !== id).map((p) => this.address(p));
        const lossFrom = all.filter((p) => p !== id).map((p) => this.address(p));
        return applyNft(this.runner(id), rulesScript(tableName(this.runId), this.ports.peer, { dropFrom, lossFrom, lossPercent: this.lossPercent }));
      }),
    );
  }

  /** Delay, duplicate or reorder what `node` sends to its peers in the kernel (netem on its namespace's eth0). */
  private async startNetem(node: number, link: NetemDelay): Promise<void> {
    const peers = this.nodeIds.filter((p) => p !== node).map((p) => this.address(p));
    for (const argv of netemCommands('eth0', peers, link)) await this.runner(node).run(argv);
  }

  private async startDelayProxies(node: number, latencyMs: number): Promise<void> {
    const main = path.join(projectRoot(), 'dist', 'src', 'net', 'netns', 'delay-proxy-main.js');
    if (!fs.existsSync(main)) throw new Error(`the delay proxy ${main} is missing: build it first with \`npm run build\``);
    const args = ['--latency-ms', String(latencyMs)];
    for (const peer of this.nodeIds) if (peer !== node) args.push('--to', `${peer}=${this.address(peer)}:${this.ports.peer}`);
    const { file, args: full } = this.runner(node).command([process.execPath, main, ...args]);
    const child = execa(file, full, { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, cleanup: true });
    if (child.pid !== undefined) trackChild(child.pid, `delay proxy n${node}`);
    void child.catch(() => undefined);
    const ports = await new Promise<Map<number, number>>((resolve, reject) => {
      let text = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`delay proxy of n${node} printed no ports within 10 s: ${err.trim()}`)), 10_000);
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout?.on('data', (c: Buffer) => {
        text += c.toString();
        const line = text.split('\n').find((l) => l.startsWith(PROXIES_PREFIX));
        if (line === undefined) return;
        clearTimeout(timer);
        const parsed = JSON.parse(line.slice(PROXIES_PREFIX.length)) as Record<string, number>;
        resolve(new Map(Object.entries(parsed).map(([k, v]) => [Number(k), v])));
      });
      void child.then((r) => {
        clearTimeout(timer);
        reject(new Error(`delay proxy of n${node} exited (code ${r.exitCode}): ${err.trim()}`));
      });
    });
    this.proxies.set(node, { child, ports });
  }

  /** The exit hook: the same removal, synchronously (the process is ending). */
  private removeNowSync(): void {
    if (this.closed) return;
    this.closed = true;
    const quiet = (file: string, args: string[]): string => {
      try {
        return execFileSync(file, args, { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
      } catch {
        return '';
      }
    };
    for (const n of this.topology.nodes.values()) {
      for (const pid of quiet('ip', ['netns', 'pids', n.namespace]).split('\n').map(Number)) {
        if (Number.isInteger(pid) && pid > 0) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
    }
    for (const id of this.nodeIds) quiet('ip', ['link', 'del', vethName(this.runId, id)]);
    quiet('ip', ['link', 'del', bridgeName(this.runId)]);
    for (const id of this.nodeIds) quiet('ip', ['netns', 'del', namespaceName(this.runId, id)]);
    try {
      removeRecord(this.runId);
    } catch {
      /* the state dir went away */
    }
  }
}


