// A real cluster on this machine: node processes (node-process.ts) wired together through one proxy
// per directed link (proxy.ts): node A reaches node B only through proxy "nA->nB", clients reach
// node B only through proxy "client->nB". A partition is a set of blocked peer links. Implements
// FaultExecutor (src/plugins.ts), so the fault interpreter (src/faults) drives it directly.
// On a kernel network (options.network: a namespace or a machine per node, src/net) there are no
// proxies: each node listens on its own address, runs through its host's command prefix, and the
// network turns a grudge into firewall rules.
import fs from 'node:fs';
import type { FaultExecutor, Grudge } from '../plugins.js';
import type { NodeConfig } from '../node/config.js';
import type { NodeStatus } from '../node/protocol.js';
import { nodePaths, type RunPaths } from '../history/store.js';
import { isLinkCut } from '../faults/partition.js';
import { NodeProcess, type NodeCommand, type NodeHost } from './node-process.js';
import { LinkProxy, type Address, type BlockMode } from './proxy.js';
import type { NodeSettings } from './node-settings.js';
import { deriveSeed } from './rng.js';
import { nodeMainPath } from './project-root.js';
import type { NodeNetwork } from '../net/types.js';

export interface ClusterOptions {
  readonly run: RunPaths;
  readonly nodeIds: readonly number[];
  readonly settings: NodeSettings;
  /** Wall-clock ms at the run's start (nodes stamp events relative to it). */
  readonly runEpochMs: number;
  readonly seed: number;
  /** How to start a node; default `node dist/src/node/main.js`. */
  readonly command?: NodeCommand;
  readonly readyTimeoutMs?: number;
  readonly stopDeadlineMs?: number;
  readonly statusPollMs?: number;
  readonly blockMode?: BlockMode;
  /** Parse peer links as frames so per-link message loss can be set (costs some CPU). */
  readonly frameAwarePeerLinks?: boolean;
  /** A kernel network (netns, ssh hosts) instead of the proxies; the caller opens and closes it. */
  readonly network?: NodeNetwork;
}

export class ClusterError extends Error {
  override name = 'ClusterError';
}

const linkName = (from: number, to: number): string => `n${from}->n${to}`;

export class Cluster implements FaultExecutor {
  readonly nodeIds: readonly number[];
  readonly nodes: ReadonlyMap<number, NodeProcess>;
  private readonly peerProxies = new Map<string, LinkProxy>();
  private readonly clientProxies = new Map<number, LinkProxy>();
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private grudge: Grudge = new Map();
  /** Called when a node exits without being asked to (a crash the nemesis did not cause). */
  onUnexpectedExit: ((node: number, exit: { code: number | null; signal: string | null }) => void) | null = null;

  private constructor(private readonly options: ClusterOptions) {
    this.nodeIds = [...options.nodeIds];
    const command = options.command ?? { file: process.execPath, args: [nodeMainPath()] };
    const nodes = new Map<number, NodeProcess>();
    for (const id of this.nodeIds) {
      const node = new NodeProcess(id, nodePaths(options.run, id), command, options.network === undefined ? null : nodeHost(options.network, id, options.run));
      node.onUnexpectedExit = (n) => this.onUnexpectedExit?.(n.id, n.lastExit ?? { code: null, signal: null });
      nodes.set(id, node);
    }
    this.nodes = nodes;
  }

  /** Open every proxy and write every node's config; no process is started yet. */
  static async create(options: ClusterOptions): Promise<Cluster> {
    if (options.nodeIds.length === 0) throw new ClusterError('a cluster needs at least one node');
    if (options.command === undefined && !fs.existsSync(nodeMainPath())) {
      throw new ClusterError(`the node program ${nodeMainPath()} is missing: build it first with \`npm run build\``);
    }
    const cluster = new Cluster(options);
    if (options.network === undefined) await cluster.openProxies();
    await cluster.writeConfigs();
    return cluster;
  }

  get settings(): NodeSettings {
    return this.options.settings;
  }

  /** Start every node (in parallel) and begin status polling. On failure nothing is left running. */
  async start(): Promise<void> {
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 15_000;
    const results = await Promise.allSettled(this.nodeIds.map((id) => this.startNode(id, readyTimeoutMs)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) {
      await this.destroy();
      throw failure.reason instanceof Error ? failure.reason : new ClusterError(String(failure.reason));
    }
    this.startPolling();
  }

  /** The client proxy address of a node (clients never dial a node directly). */
  clientAddress(node: number): Address {
    if (this.options.network !== undefined) return this.options.network.clientAddress(node);
    const proxy = this.clientProxies.get(node);
    if (proxy === undefined) throw new ClusterError(`no node n${node} in this cluster`);
    return proxy.listenAddress;
  }

  peerProxy(from: number, to: number): LinkProxy {
    const proxy = this.peerProxies.get(linkName(from, to));
    if (proxy === undefined) throw new ClusterError(`no link ${linkName(from, to)}`);
    return proxy;
  }

  clientProxy(node: number): LinkProxy {
    const proxy = this.clientProxies.get(node);
    if (proxy === undefined) throw new ClusterError(`no node n${node} in this cluster`);
    return proxy;
  }

  /** Every pid any node process ever had (for orphan checks). */
  allPids(): number[] {
    return [...this.nodes.values()].flatMap((n) => n.pids);
  }

  node(id: number): NodeProcess {
    const node = this.nodes.get(id);
    if (node === undefined) throw new ClusterError(`no node n${id} in this cluster`);
    return node;
  }

  /** Is the node's process there (running or paused)? A killed node is not, until its restart. */
  isAvailable(id: number): boolean {
    return this.node(id).isUp;
  }

  statuses(): Map<number, NodeStatus | null> {
    return new Map([...this.nodes].map(([id, n]) => [id, n.status]));
  }

  /**
   * The leader as the latest status polls show it: among running nodes that call themselves leader,
   * the one with the highest term (an isolated old leader may still believe it leads a lower term).
   */
  leader(): number | null {
    const freshMs = Math.max(1000, 4 * (this.options.statusPollMs ?? 100));
    let best: NodeStatus | null = null;
    for (const node of this.nodes.values()) {
      const s = node.status;
      if (node.state !== 'running' || s === null || Date.now() - node.statusAtMs > freshMs) continue;
      if (s.role === 'leader' && (best === null || s.term > best.term)) best = s;
    }
    return best?.id ?? null;
  }

  /**
   * Wait until some node leads; a ClusterError (with every node's last status) after timeoutMs;
   * null if `abort` fires first.
   */
  async waitForLeader(timeoutMs: number, abort?: AbortSignal): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.pollAll();
      const leader = this.leader();
      if (leader !== null) return leader;
      if (abort?.aborted) return null;
      if (Date.now() > deadline) {
        const seen = [...this.nodes.values()]
          .map((n) => `n${n.id}: ${n.state}${n.status ? ` ${n.status.role} term ${n.status.term}` : ''}`)
          .join('; ');
        throw new ClusterError(`no leader elected within ${timeoutMs} ms (${seen})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Poll every running node's status once. */
  async pollAll(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.pollStatus(500)));
  }

  // ------------------------------------------------------------------ FaultExecutor

  partition(grudge: Grudge): void | Promise<void> {
    this.grudge = grudge;
    if (this.options.network !== undefined) return this.options.network.partition(grudge);
    for (const from of this.nodeIds) {
      for (const to of this.nodeIds) {
        if (from === to) continue;
        const proxy = this.peerProxy(from, to);
        if (isLinkCut(grudge, from, to)) proxy.block(this.options.blockMode);
        else if (proxy.isBlocked) proxy.unblock();
      }
    }
  }

  currentGrudge(): Grudge {
    return this.grudge;
  }

  async kill(nodes: readonly number[]): Promise<void> {
    await Promise.all(
      nodes.map(async (id) => {
        await this.node(id).kill();
        this.retarget(id, null);
      }),
    );
  }

  async restart(nodes: readonly number[]): Promise<void> {
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 15_000;
    await Promise.all(nodes.map((id) => this.startNode(id, readyTimeoutMs)));
  }

  async pause(nodes: readonly number[]): Promise<void> {
    await Promise.all(nodes.map((id) => this.node(id).pause()));
  }

  async resume(nodes: readonly number[]): Promise<void> {
    await Promise.all(nodes.map((id) => this.node(id).resume()));
  }

  async setClock(node: number, offsetMs: number, rate: number): Promise<void> {
    await this.node(node).setClock(offsetMs, rate, 1000);
  }

  /** Real-time scheduling for faults that unfold over time (a strobe clock); never keeps the process alive. */
  after(delayMs: number, action: () => void): void {
    setTimeout(action, delayMs).unref();
  }

  // ------------------------------------------------------------------ shutdown

  /** Graceful stop of every node (control 'stop', then SIGTERM, then SIGKILL), then close the proxies. */
  async stop(): Promise<Map<number, string>> {
    this.stopPolling();
    const deadlineMs = this.options.stopDeadlineMs ?? 3000;
    const how = await Promise.all(this.nodeIds.map(async (id) => [id, await this.node(id).stop(deadlineMs)] as const));
    await this.closeProxies();
    await this.fetchRemoteFiles();
    return new Map(how);
  }

  /** SIGKILL everything and close the proxies (error paths). */
  async destroy(): Promise<void> {
    this.stopPolling();
    await Promise.all([...this.nodes.values()].map((n) => n.kill()));
    await this.closeProxies();
    await this.fetchRemoteFiles().catch(() => undefined);
  }

  /** Nodes on remote hosts wrote their event logs there: read them back into the run directory. */
  private async fetchRemoteFiles(): Promise<void> {
    const network = this.options.network;
    if (network === undefined) return;
    await Promise.all(
      this.nodeIds.map(async (id) => {
        const place = network.placement(id);
        if (place.remoteDir === null) return;
        const text = await place.runner.readFile(remoteNodePaths(place.remoteDir).eventLog);
        if (text !== null) fs.writeFileSync(nodePaths(this.options.run, id).eventLog, text);
      }),
    );
  }

  // ------------------------------------------------------------------ internals

  private async openProxies(): Promise<void> {
    const frameAware = this.options.frameAwarePeerLinks ?? false;
    const blockMode = this.options.blockMode ?? 'blackhole';
    for (const from of this.nodeIds) {
      for (const to of this.nodeIds) {
        if (from === to) continue;
        const proxy = new LinkProxy({ name: linkName(from, to), frameAware, blockMode });
        await proxy.listen();
        this.peerProxies.set(linkName(from, to), proxy);
      }
    }
    for (const id of this.nodeIds) {
      const proxy = new LinkProxy({ name: `client->n${id}`, blockMode: 'refuse' });
      await proxy.listen();
      this.clientProxies.set(id, proxy);
    }
  }

  private async writeConfigs(): Promise<void> {
    const { run, settings, runEpochMs, seed, network } = this.options;
    for (const id of this.nodeIds) {
      const paths = nodePaths(run, id);
      fs.mkdirSync(paths.dataDir, { recursive: true });
      const place = network?.placement(id);
      const where = place?.remoteDir != null ? remoteNodePaths(place.remoteDir) : paths;
      const peerAddresses: Record<string, Address> = {};
      for (const peer of this.nodeIds) {
        if (peer !== id) peerAddresses[String(peer)] = network !== undefined ? network.peerAddress(id, peer) : this.peerProxy(id, peer).listenAddress;
      }
      const config: NodeConfig = {
        id,
        nodeIds: this.nodeIds,
        dataDir: where.dataDir,
        eventLogPath: where.eventLog,
        peerAddresses,
        ...(place !== undefined
          ? { listenHost: place.address, peerPort: place.ports.peer, clientPort: place.ports.client, controlPort: place.ports.control }
          : {}),
        runEpochMs,
        tickMs: settings.tickMs,
        electionTicks: settings.electionTicks,
        heartbeatTicks: settings.heartbeatTicks,
        leaseTicks: settings.leaseTicks,
        preVote: settings.preVote,
        checkQuorum: settings.checkQuorum,
        readMode: settings.readMode,
        snapshotEveryEntries: settings.snapshotEveryEntries,
        seed: deriveSeed(seed, `node-${id}`),
        bugs: settings.bugs,
      };
      const text = `${JSON.stringify(config, null, 2)}\n`;
      fs.writeFileSync(paths.config, text);
      if (place?.remoteDir != null) {
        await place.runner.run(['mkdir', '-p', where.dataDir]);
        await place.runner.writeFile(where.config, text);
      }
    }
  }

  private async startNode(id: number, readyTimeoutMs: number): Promise<void> {
    const ready = await this.node(id).start(readyTimeoutMs);
    if (ready.id !== id) {
      await this.node(id).kill();
      throw new ClusterError(`node n${id} reported id ${ready.id} in its READY line`);
    }
    this.retarget(id, ready);
  }

  /** Point every link into `id` at its new ports (or at nothing while it is down). */
  private retarget(id: number, ready: { peerPort: number; clientPort: number } | null): void {
    if (this.options.network !== undefined) return; // nodes listen at fixed addresses
    for (const from of this.nodeIds) {
      if (from === id) continue;
      this.peerProxy(from, id).setTarget(ready === null ? null : { host: '127.0.0.1', port: ready.peerPort });
    }
    this.clientProxy(id).setTarget(ready === null ? null : { host: '127.0.0.1', port: ready.clientPort });
  }

  private startPolling(): void {
    if (this.pollTimer !== null) return;
    const everyMs = this.options.statusPollMs ?? 100;
    this.pollTimer = setInterval(() => {
      if (this.polling) return;
      this.polling = true;
      void this.pollAll().finally(() => {
        this.polling = false;
      });
    }, everyMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private async closeProxies(): Promise<void> {
    await Promise.all([...this.peerProxies.values(), ...this.clientProxies.values()].map((p) => p.close()));
  }
}

/** A node's files on a remote host, under its remote folder. */
function remoteNodePaths(dir: string): { dataDir: string; eventLog: string; config: string } {
  return { dataDir: `${dir}/data`, eventLog: `${dir}/events.jsonl`, config: `${dir}/config.json` };
}

/** How a node on a kernel network is started and signalled (src/net/types.ts NodePlacement). */
function nodeHost(network: NodeNetwork, id: number, run: RunPaths): NodeHost {
  const place = network.placement(id);
  return {
    address: place.address,
    command: (argv) => {
      const program = place.program;
      // argv is [node, main.js, --config, path]: on a remote host, its own node and main.js.
      const args = program === null ? argv : [program.node, program.main, ...argv.slice(2)];
      return place.runner.command(args);
    },
    signal: (pid, signal) => place.runner.signal(pid, signal),
    configPath: place.remoteDir !== null ? remoteNodePaths(place.remoteDir).config : nodePaths(run, id).config,
  };
}
