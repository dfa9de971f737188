// A cluster of etcd members for one run. On a netns network each member runs in its node's
// namespace (through the host runner) and listens on the node's address at the network's peer and
// client ports, so the kernel's partition rules (by source address, to the peer port) cut etcd's
// peer traffic. On the proxy network the members listen on 127.0.0.1 at free ports and dial one
// another directly; clients go through the client proxies. Members are ready when every /health
// says true; a restarted member as soon as its client port takes connections: etcd serves its
// clients only once it has rejoined a quorum, which a restart inside a partition (or the heal, which
// restarts members before it reconnects them) must not wait for.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type http from 'node:http';
import type { Address, ClusterPlan, NodeExit, SubjectClient, SubjectCluster, SubjectFindings } from '../types.js';
import { SubjectError } from '../types.js';
import { isHostedNetwork } from '../../net/types.js';
import { pauseBySignal } from '../process/signals.js';
import { EtcdClient } from './client.js';
import { EtcdStatus } from './status.js';
import { MemberProcess, type MemberCommand } from './member-process.js';
import { memberArgv, type MemberPlace } from './member-argv.js';
import { callGateway, newGatewayAgent } from './gateway.js';
import { freePort } from './free-port.js';

export interface EtcdConfig {
  /** The etcd binary (found by binary.ts). */
  readonly bin: string;
  readonly serializable: boolean;
}

const READY_TIMEOUT_MS = 30_000;
const RESTART_TIMEOUT_MS = 20_000;
const STOP_DEADLINE_MS = 5_000;
const STATUS_POLL_MS = 200;

export class EtcdCluster implements SubjectCluster {
  readonly nodeIds: readonly number[];
  onUnexpectedExit: ((node: number, exit: NodeExit) => void) | null = null;
  readonly status: EtcdStatus;
  readonly kill = { kill: (nodes: readonly number[]) => this.killMembers(nodes), restart: (nodes: readonly number[]) => this.restartMembers(nodes) };
  readonly pause = pauseBySignal((id) => this.member(id));
  private readonly members = new Map<number, MemberProcess>();
  private readonly places = new Map<number, MemberPlace>();
  private readonly healthAgent: http.Agent = newGatewayAgent(16);
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;

  private constructor(
    private readonly plan: ClusterPlan,
    private readonly config: EtcdConfig,
  ) {
    this.nodeIds = [...plan.nodeIds];
    this.status = new EtcdStatus({
      nodeIds: this.nodeIds,
      addressOf: (id) => this.place(id).client,
      isRunning: (id) => this.members.get(id)?.state === 'running',
      epochMs: plan.runEpochMs,
    });
  }

  /** Lay out the members (addresses, data directories, command lines); nothing runs yet. */
  static async create(plan: ClusterPlan, config: EtcdConfig): Promise<EtcdCluster> {
    const cluster = new EtcdCluster(plan, config);
    await cluster.layOut();
    return cluster;
  }

  async start(): Promise<void> {
    for (const id of this.nodeIds) this.member(id).spawn();
    try {
      await Promise.all(this.nodeIds.map((id) => this.waitUntil(id, READY_TIMEOUT_MS, 'healthy', () => this.isHealthy(id))));
    } catch (err) {
      await this.destroy();
      throw err;
    }
    this.startPolling();
  }

  async stop(): Promise<void> {
    this.stopPolling();
    await Promise.all([...this.members.values()].map((m) => m.stop(STOP_DEADLINE_MS)));
    this.closeAgents();
  }

  async destroy(): Promise<void> {
    this.stopPolling();
    await Promise.all([...this.members.values()].map((m) => m.kill()));
    this.closeAgents();
  }

  isUp(node: number): boolean {
    return this.member(node).isUp;
  }

  pids(): readonly number[] {
    return [...this.members.values()].flatMap((m) => m.pids);
  }

  openClient(): SubjectClient {
    return new EtcdClient({ addressOf: (id) => this.clientAddress(id), serializable: this.config.serializable });
  }

  describe(): string {
    const statuses = this.status.statuses();
    return this.nodeIds
      .map((id) => {
        const s = statuses.get(id);
        return `n${id}: ${this.member(id).state}${s ? ` ${s.role} term ${s.term}` : ''}`;
      })
      .join('; ');
  }

  /** At most one leader per term, from the status polls: two in one term is a finding (invalid). */
  findings(): SubjectFindings {
    const twoLeaders = this.status.twoLeaders();
    return {
      valid: twoLeaders.length === 0,
      findings: twoLeaders.map((t) => ({
        kind: 'two-leaders',
        node: t.leaders[0] ?? 0,
        message: `the status polls saw two leaders in term ${t.term}: ${t.leaders.map((n) => `n${n}`).join(', ')}`,
      })),
      message:
        twoLeaders.length === 0
          ? `at most one leader in each of ${this.status.termsWithLeader()} term(s) the ${this.status.polls} status polls saw`
          : `two leaders in term(s) ${twoLeaders.map((t) => t.term).join(', ')}`,
    };
  }

  report(): Readonly<Record<string, unknown>> {
    const twoLeaders = this.status.twoLeaders();
    return {
      etcd: {
        binary: this.config.bin,
        reads: this.config.serializable ? 'serializable' : 'linearizable',
        memberIds: this.status.memberIds(),
        statusPolls: this.status.polls,
        termsWithLeader: this.status.termsWithLeader(),
        oneLeaderPerTerm: { valid: twoLeaders.length === 0, violations: twoLeaders },
      },
      // The leadership timeline of the report (src/report reads subject.leaders when there are no events).
      leaders: this.status.timeline(),
    };
  }

  member(id: number): MemberProcess {
    const m = this.members.get(id);
    if (m === undefined) throw new SubjectError(`no etcd member n${id} in this cluster`);
    return m;
  }

  // ---------------------------------------------------------------- faults

  private async killMembers(nodes: readonly number[]): Promise<void> {
    await Promise.all(
      nodes.map(async (id) => {
        await this.member(id).kill();
        this.plan.network?.attach(id, null);
      }),
    );
  }

  private async restartMembers(nodes: readonly number[]): Promise<void> {
    await Promise.all(
      nodes.map(async (id) => {
        const m = this.member(id);
        if (m.isUp) return;
        m.spawn();
        this.attach(id);
        await this.waitUntil(id, RESTART_TIMEOUT_MS, 'listening on its client port', () => this.listens(id));
      }),
    );
  }

  // ---------------------------------------------------------------- internals

  private async layOut(): Promise<void> {
    const network = this.plan.network;
    if (network === null) throw new SubjectError('the etcd subject needs a network (--net netns or --net proxy)');
    for (const id of this.nodeIds) {
      if (isHostedNetwork(network)) {
        const place = network.placement(id);
        if (place.remoteDir !== null) throw new SubjectError('the etcd subject runs its members on this machine: use --net netns or --net proxy, not --net ssh');
        this.places.set(id, { id, peer: { host: place.address, port: place.ports.peer }, client: { host: place.address, port: place.ports.client } });
      } else {
        this.places.set(id, { id, peer: { host: '127.0.0.1', port: await freePort('127.0.0.1') }, client: { host: '127.0.0.1', port: await freePort('127.0.0.1') } });
      }
    }
    const token = `raft-chaos-${path.basename(this.plan.runDir)}-${this.plan.runEpochMs}`;
    const members = [...this.places.values()];
    for (const id of this.nodeIds) {
      const nodePlan = this.plan.nodes.get(id);
      if (nodePlan === undefined) throw new SubjectError(`the cluster plan has no folder for node n${id}`);
      fs.mkdirSync(nodePlan.dataDir, { recursive: true, mode: 0o700 });
      fs.chmodSync(nodePlan.dataDir, 0o700);
      const args = memberArgv({ member: this.place(id), members, clusterToken: token, dataDir: nodePlan.dataDir, preVote: this.plan.protocol.preVote });
      const argv = [this.config.bin, ...args];
      const command: MemberCommand = isHostedNetwork(network) ? network.placement(id).runner.command(argv) : { file: this.config.bin, args };
      fs.writeFileSync(nodePlan.config, `${JSON.stringify({ command: [command.file, ...command.args] }, null, 2)}\n`);
      const member = new MemberProcess(id, command, { stdout: nodePlan.stdout, stderr: nodePlan.stderr });
      member.onUnexpectedExit = (exit) => this.onUnexpectedExit?.(id, exit);
      this.members.set(id, member);
      this.attach(id);
    }
  }

  private place(id: number): MemberPlace {
    const p = this.places.get(id);
    if (p === undefined) throw new SubjectError(`no etcd member n${id} in this cluster`);
    return p;
  }

  /** Point the network's links into the member at where it listens (the proxy network needs it). */
  private attach(id: number): void {
    const p = this.place(id);
    this.plan.network?.attach(id, { peer: p.peer, client: p.client });
  }

  /** Where clients dial member `id`: through the network. */
  private clientAddress(id: number): Address {
    return this.plan.network?.clientAddress(id) ?? this.place(id).client;
  }

  private async isHealthy(id: number): Promise<boolean> {
    const r = await callGateway(this.healthAgent, this.place(id).client, '/health', undefined, 1000);
    return r.kind === 'ok' && r.body.health === 'true';
  }

  private listens(id: number): Promise<boolean> {
    const { host, port } = this.place(id).client;
    return new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  }

  /** Wait until `check` holds for member `id`; a SubjectError naming it (with its stderr) if it exits or the time runs out. */
  private async waitUntil(id: number, timeoutMs: number, what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const m = this.member(id);
    for (;;) {
      if (!m.isUp) {
        throw new SubjectError(`etcd member n${id} exited before it was ${what} (code ${m.lastExit?.code ?? null}, signal ${m.lastExit?.signal ?? null}); last lines of its stderr:\n${m.stderrTail()}`);
      }
      if (m.state === 'running' && (await check())) return;
      if (Date.now() > deadline) throw new SubjectError(`etcd member n${id} was not ${what} within ${timeoutMs} ms; last lines of its stderr:\n${m.stderrTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private startPolling(): void {
    if (this.pollTimer !== null) return;
    this.pollTimer = setInterval(() => {
      if (this.polling) return;
      this.polling = true;
      void this.status.poll().finally(() => {
        this.polling = false;
      });
    }, STATUS_POLL_MS);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private closeAgents(): void {
    this.status.close();
    this.healthAgent.destroy();
  }
}
