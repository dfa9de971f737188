// Starts real node processes (compiled dist/src/node/main.js) wired DIRECTLY to each other: each
// node gets fixed free ports in its config, and peerAddresses point at the peers' own peer ports.
// Every process started here is tracked; killAll() kills whatever is still alive.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { NodeConfig } from '../../src/node/config.js';
import type { ClientReply, ControlReply, NodeStatus, ReadyLine } from '../../src/node/protocol.js';
import { READY_PREFIX } from '../../src/node/protocol.js';
import { freePorts } from './free-port.js';
import { RpcClient } from './rpc-client.js';

export const MAIN_JS = path.resolve('dist/src/node/main.js');

export interface NodeHandle {
  readonly id: number;
  readonly configPath: string;
  readonly config: NodeConfig;
  process: ChildProcess | null;
  ready: ReadyLine | null;
  output: string[];
  exitCode: number | null;
}

export class Cluster {
  readonly nodes: NodeHandle[] = [];
  private readonly clients: RpcClient[] = [];

  private constructor(readonly dir: string) {}

  static async create(size: number, overrides: Partial<NodeConfig> = {}): Promise<Cluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-node-it-'));
    const cluster = new Cluster(dir);
    const ports = await freePorts(size * 3);
    const ids = Array.from({ length: size }, (_, i) => i + 1);
    const peerPort = (id: number): number => ports[(id - 1) * 3]!;
    for (const id of ids) {
      const peerAddresses: Record<string, { host: string; port: number }> = {};
      for (const peer of ids) if (peer !== id) peerAddresses[String(peer)] = { host: '127.0.0.1', port: peerPort(peer) };
      const config: NodeConfig = {
        id,
        nodeIds: ids,
        dataDir: path.join(dir, `n${id}`, 'data'),
        eventLogPath: path.join(dir, `n${id}`, 'events.jsonl'),
        peerAddresses,
        runEpochMs: Date.now(),
        tickMs: 10,
        // The controller's timing (src/subjects/raft-chaos/node-settings.ts): a loaded 2-core machine needs it.
        electionTicks: 20,
        heartbeatTicks: 4,
        leaseTicks: 14,
        preVote: true,
        checkQuorum: true,
        readMode: 'read-index',
        snapshotEveryEntries: 0,
        seed: 1000 + id,
        bugs: [],
        peerPort: peerPort(id),
        clientPort: ports[(id - 1) * 3 + 1]!,
        controlPort: ports[(id - 1) * 3 + 2]!,
        ...overrides,
      };
      fs.mkdirSync(path.join(dir, `n${id}`), { recursive: true });
      const configPath = path.join(dir, `n${id}`, 'config.json');
      fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
      cluster.nodes.push({ id, configPath, config, process: null, ready: null, output: [], exitCode: null });
    }
    return cluster;
  }

  node(id: number): NodeHandle {
    const node = this.nodes[id - 1];
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Start a node process (as another user when `as` is given) and wait for its READY line (or its exit). */
  start(id: number, timeoutMs = 10_000, as: { uid: number; gid: number } | null = null): Promise<ReadyLine> {
    const node = this.node(id);
    node.ready = null;
    node.exitCode = null;
    // RAFT_NODE_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the nodes.
    const execArgv = (process.env.RAFT_NODE_EXEC_ARGV ?? '').split(' ').filter((a) => a !== '');
    const child = spawn(process.execPath, [...execArgv, MAIN_JS, '--config', node.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(as === null ? {} : as),
    });
    node.process = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`n${id} not READY within ${timeoutMs} ms:\n${node.output.join('\n')}`)), timeoutMs);
      readline.createInterface({ input: child.stderr! }).on('line', (line) => node.output.push(line));
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        node.output.push(line);
        if (line.startsWith(READY_PREFIX)) {
          node.ready = JSON.parse(line.slice(READY_PREFIX.length)) as ReadyLine;
          clearTimeout(timer);
          resolve(node.ready);
        }
      });
      child.on('exit', (code, signal) => {
        node.exitCode = code ?? (signal !== null ? -1 : null);
        if (node.process === child) node.process = null;
        clearTimeout(timer);
        reject(new Error(`n${id} exited (code ${code}, signal ${signal}) before READY:\n${node.output.join('\n')}`));
      });
    });
  }

  /** Wait for the process to exit; resolves with its exit code. */
  waitExit(id: number, timeoutMs = 10_000): Promise<number | null> {
    const child = this.node(id).process;
    if (child === null) return Promise.resolve(this.node(id).exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`n${id} did not exit within ${timeoutMs} ms`)), timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  kill9(id: number): Promise<number | null> {
    const child = this.node(id).process;
    if (child === null) return Promise.resolve(null);
    const exited = this.waitExit(id);
    child.kill('SIGKILL');
    return exited;
  }

  /** SIGTERM every running node and wait for them to exit (graceful stop). */
  async terminateAll(): Promise<void> {
    await Promise.all(
      this.nodes.map((node) => {
        const child = node.process;
        if (child === null) return Promise.resolve(null);
        const exited = this.waitExit(node.id);
        child.kill('SIGTERM');
        return exited;
      }),
    );
  }

  async client(id: number): Promise<RpcClient> {
    const client = await RpcClient.connect(this.node(id).config.clientPort!);
    this.clients.push(client);
    return client;
  }

  async control(id: number): Promise<RpcClient> {
    const client = await RpcClient.connect(this.node(id).config.controlPort!);
    this.clients.push(client);
    return client;
  }

  async status(id: number): Promise<NodeStatus> {
    const control = await this.control(id);
    try {
      const reply = await control.call<ControlReply>({ cmd: 'status' }, 5000);
      if (!reply.ok) throw new Error(reply.error);
      return reply.status;
    } finally {
      control.close();
    }
  }

  /** Wait until some running node says it is leader and the others agree on it. */
  async waitForLeader(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses: NodeStatus[] = [];
      for (const node of this.nodes) {
        if (node.process === null) continue;
        try {
          statuses.push(await this.status(node.id));
        } catch {
          // not reachable yet
        }
      }
      const leaders = statuses.filter((s) => s.role === 'leader');
      if (leaders.length === 1 && statuses.every((s) => s.leader === leaders[0]!.id)) return leaders[0]!.id;
      if (Date.now() > deadline) throw new Error(`no agreed leader within ${timeoutMs} ms: ${JSON.stringify(statuses)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Send one request, following redirects, until ok/fail/unknown. */
  async request(request: Record<string, unknown>, timeoutMs = 10_000): Promise<ClientReply> {
    const deadline = Date.now() + timeoutMs;
    let target = 1;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`request ${JSON.stringify(request)} got no answer in ${timeoutMs} ms`);
      if (this.node(target).process === null) target = (target % this.nodes.length) + 1;
      let reply: ClientReply;
      try {
        const client = await this.client(target);
        try {
          reply = await client.call<ClientReply>(request, 2000);
        } finally {
          client.close();
        }
      } catch {
        target = (target % this.nodes.length) + 1;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      if (reply.status !== 'redirect') return reply;
      target = reply.leader ?? (target % this.nodes.length) + 1;
      if (reply.leader === null) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Kill every process still running and remove the directory. */
  async destroy(keepDir = false): Promise<void> {
    for (const client of this.clients) client.close();
    await Promise.all(this.nodes.map((node) => this.kill9(node.id)));
    if (!keepDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
