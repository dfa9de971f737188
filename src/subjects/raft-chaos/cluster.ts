// A real raft-chaos cluster on this machine: node processes (src/subjects/process/node-process.ts)
// wired together through a network (src/control/network: one proxy per directed link unless another
// AddressedNetwork is given): node A reaches node B only through the address the network gives for
// A->B, clients reach node B only through the network's client address for B. Implements
// FaultExecutor (src/plugins.ts), so the fault interpreter (src/faults) can drive it directly.
// On a hosted network (src/net: a namespace or a machine per node) each node listens on its own
// address at fixed ports and is started, signalled and read back through its host's runner.
import fs from 'node:fs';
import type { FaultExecutor, Grudge } from '../../plugins.js';
import type { NodeConfig } from '../../node/config.js';
import type { NodeStatus } from '../../node/protocol.js';
import { nodePaths, type RunPaths } from '../../history/store.js';
import type { Address, AddressedNetwork } from '../types.js';
import { NodeProcess, type NodeCommand, type NodeHost } from '../process/node-process.js';
import { isHostedNetwork, type HostedNetwork } from '../../net/types.js';
import { ProxyNetwork } from '../../control/network/proxy-network.js';
import type { LinkProxy, BlockMode } from '../../control/network/proxy.js';
import type { NodeSettings } from './node-settings.js';
import { deriveSeed } from '../../util/rng.js';
import { nodeMainPath } from '../../util/project-root.js';

/** How to lay out and start a raft-chaos cluster. */
export interface RaftClusterOptions {
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
  /** The network to wire the nodes through; default: a ProxyNetwork of its own, closed with the cluster. */
  readonly network?: AddressedNetwork;
  /** For the default network: how a blocked link treats new connections. */
  readonly blockMode?: BlockMode;
  /** For the default network: parse peer links as frames so per-link message loss can be set. */
  readonly frameAwarePeerLinks?: boolean;
}

export class ClusterError extends Error {
  override name = 'ClusterError';
}

export class Cluster implements FaultExecutor {
  readonly nodeIds: readonly number[];
  readonly nodes: ReadonlyMap<number, NodeProcess>;
  readonly network: AddressedNetwork;
  private readonly ownsNetwork: boolean;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private grudge: Grudge = new Map();
  private networkClosed = false;
  /** Called when a node exits without being asked to (a crash the nemesis did not cause). */
  onUnexpectedExit: ((node: number, exit: { code: number | null; signal: string | null }) => void) | null = null;

  private constructor(
    private readonly options: RaftClusterOptions,
    network: AddressedNetwork,
    ownsNetwork: boolean,
  ) {
    this.nodeIds = [...options.nodeIds];
    this.network = network;
    this.ownsNetwork = ownsNetwork;
    const command = options.command ?? { file: process.execPath, args: [nodeMainPath()] };
    const nodes = new Map<number, NodeProcess>();
    for (const id of this.nodeIds) {
      const host = isHostedNetwork(network) ? nodeHost(network, id, options.run) : null;
      const node = new NodeProcess(id, nodePaths(options.run, id), command, host);
      node.onUnexpectedExit = (n) => this.onUnexpectedExit?.(n.id, n.lastExit ?? { code: null, signal: null });
      nodes.set(id, node);
    }
    this.nodes = nodes;
  }

  /** Open the network (unless given one) and write every node's config; no process is started yet. */
  static async create(options: RaftClusterOptions): Promise<Cluster> {
    if (options.nodeIds.length === 0) throw new ClusterError('a cluster needs at least one node');
    if (options.command === undefined && !fs.existsSync(nodeMainPath())) {
      throw new ClusterError(`the node program ${nodeMainPath()} is missing: build it first with \`npm run build\``);
    }
    const network =
      options.network ??
      (await ProxyNetwork.open({
        nodeIds: options.nodeIds,
        ...(options.blockMode !== undefined ? { blockMode: options.blockMode } : {}),
        ...(options.frameAwarePeerLinks !== undefined ? { frameAwarePeerLinks: options.frameAwarePeerLinks } : {}),
      }));
    const cluster = new Cluster(options, network, options.network === undefined);
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

  /** Where clients dial a node (through the network, never directly). */
  clientAddress(node: number): Address {
    if (!this.nodeIds.includes(node)) throw new ClusterError(`no node n${node} in this cluster`);
    return this.network.clientAddress(node);
  }

  /** The proxy of a peer link (only on a proxy network: tests add latency or loss through it). */
  peerProxy(from: number, to: number): LinkProxy {
    return this.proxyNetwork().peerProxy(from, to);
  }

  clientProxy(node: number): LinkProxy {
    return this.proxyNetwork().clientProxy(node);
  }

  private proxyNetwork(): ProxyNetwork {
    if (!(this.network instanceof ProxyNetwork)) throw new ClusterError(`the ${this.network.name} network has no link proxies`);
    return this.network;
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
      if (Date.now() > deadline) throw new ClusterError(`no leader elected within ${timeoutMs} ms (${this.describeNodes()})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Every node's process state and last status, e.g. "n1: running leader term 3; n2: dead". */
  describeNodes(): string {
    return [...this.nodes.values()].map((n) => `n${n.id}: ${n.state}${n.status ? ` ${n.status.role} term ${n.status.term}` : ''}`).join('; ');
  }

  /** Poll every running node's status once. */
  async pollAll(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.pollStatus(500)));
  }

  // ------------------------------------------------------------------ FaultExecutor

  partition(grudge: Grudge): void | Promise<void> {
    this.grudge = grudge;
    return this.network.partition(grudge);
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

  /** Graceful stop of every node (control 'stop', then SIGTERM, then SIGKILL), then close its own network. */
  async stop(): Promise<Map<number, string>> {
    this.stopPolling();
    const deadlineMs = this.options.stopDeadlineMs ?? 3000;
    const how = await Promise.all(this.nodeIds.map(async (id) => [id, await this.node(id).stop(deadlineMs)] as const));
    await this.closeProxies();
    await this.fetchRemoteFiles();
    return new Map(how);
  }

  /** SIGKILL everything and close its own network (error paths). */
  async destroy(): Promise<void> {
    this.stopPolling();
    await Promise.all([...this.nodes.values()].map((n) => n.kill()));
    await this.closeProxies();
    await this.fetchRemoteFiles().catch(() => undefined);
  }

  /** Nodes on remote hosts wrote their event logs there: read them back into the run directory. */
  private async fetchRemoteFiles(): Promise<void> {
    const network = this.network;
    if (!isHostedNetwork(network)) return;
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

  private async writeConfigs(): Promise<void> {
    const { run, settings, runEpochMs, seed } = this.options;
    const network = this.network;
    for (const id of this.nodeIds) {
      const paths = nodePaths(run, id);
      fs.mkdirSync(paths.dataDir, { recursive: true });
      const place = isHostedNetwork(network) ? network.placement(id) : undefined;
      const where = place?.remoteDir != null ? remoteNodePaths(place.remoteDir) : paths;
      const peerAddresses: Record<string, Address> = {};
      for (const peer of this.nodeIds) if (peer !== id) peerAddresses[String(peer)] = this.network.peerAddress(id, peer);
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
        ...(settings.maxEntriesPerAppend !== undefined ? { maxEntriesPerAppend: settings.maxEntriesPerAppend } : {}),
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
    this.network.attach(
      id,
      ready === null ? null : { peer: { host: '127.0.0.1', port: ready.peerPort }, client: { host: '127.0.0.1', port: ready.clientPort } },
    );
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

  /** Close the network if this cluster opened it (a network given by the caller is the caller's). */
  private async closeProxies(): Promise<void> {
    if (!this.ownsNetwork || this.networkClosed) return;
    this.networkClosed = true;
    await this.network.close();
  }
}

/** A node's files on a remote host, under its remote folder. */
function remoteNodePaths(dir: string): { dataDir: string; eventLog: string; config: string } {
  return { dataDir: `${dir}/data`, eventLog: `${dir}/events.jsonl`, config: `${dir}/config.json` };
}

/** How a node on a hosted network is started and signalled (src/net/types.ts NodePlacement). */
function nodeHost(network: HostedNetwork, id: number, run: RunPaths): NodeHost {
  const place = network.placement(id);
  return {
    address: place.address,
    command: (argv) => {
      const program = place.program;
      // argv is [node, main.js, --config, path]: on a remote host, its own node and main.js.
      const args = program === null ? argv : [program.node, program.main, ...argv.slice(2)];
      return place.runner.command(place.remoteDir === null ? args : withLifeline(args));
    },
    lifeline: place.remoteDir !== null,
    signal: (pid, signal) => place.runner.signal(pid, signal),
    configPath: place.remoteDir !== null ? remoteNodePaths(place.remoteDir).config : nodePaths(run, id).config,
  };
}

/**
 * Run argv on a remote host so that it ends when the ssh session's stdin closes (the controller
 * died): the node runs in the background with its stdin from /dev/null, a watcher waits for EOF
 * on the session's stdin (kept as fd 3, since a background job's own stdin is /dev/null) and then
 * stops the node with SIGTERM; the shell waits for the node and exits with its status.
 */
export function withLifeline(argv: readonly string[]): string[] {
  const script = 'exec 3<&0; "$@" & pid=$!; (cat <&3 >/dev/null 2>&1; kill $pid 2>/dev/null) >/dev/null 2>&1 & exec 3<&-; wait $pid';
  return ['sh', '-c', script, 'sh', ...argv];
}
