// The ssh network: one real machine per node (Jepsen's db nodes), every host operation over ssh
// (src/net/hosts/runner.ts). Faults are the same nftables rules as in a namespace, in a table of
// the run's own on each host. Nodes keep their files under <remote-dir>/<run id>/n<id>/ on their
// host; the event logs are read back into the run directory when the cluster stops.
import type { Grudge } from '../../plugins.js';
import { nodeMainPath } from '../../util/project-root.js';
import { sshRunner, type HostRunner } from './runner.js';
import type { HostsFile } from './hosts-file.js';
import { applyNft, deleteTable, listTables, rulesScript, setupScript, teardownScript } from '../nft.js';
import { PartitionDropCounts } from '../drop-counts.js';
import { newNetRunId, runIdOfTable, tableName, type NetRunId } from '../netns/names.js';
import type { Address, HostedNetwork, NodePlacement, NodePorts } from '../types.js';

export const SSH_NODE_PORTS: NodePorts = { peer: 7001, client: 7002, control: 7003 };

export interface SshHost {
  readonly id: number;
  readonly target: string;
  readonly address: string;
  readonly runner: HostRunner;
}

export class SshNetwork implements HostedNetwork {
  readonly name = 'ssh';
  private grudge: Grudge = new Map();
  private readonly drops = new PartitionDropCounts();
  private lossPercent = 0;
  private closed = false;
  /** Tables of earlier runs that create() removed, as "target: table". */
  removedLeftovers: string[] = [];

  private constructor(
    readonly runId: NetRunId,
    readonly hosts: ReadonlyMap<number, SshHost>,
    private readonly file: HostsFile,
    readonly ports: NodePorts,
  ) {}

  /** Reach every host, check nft, remove tables earlier runs left, set up this run's table. */
  static async create(file: HostsFile, nodeIds: readonly number[]): Promise<SshNetwork> {
    if (file.hosts.length < nodeIds.length) {
      throw new Error(`--hosts lists ${file.hosts.length} host(s) for ${nodeIds.length} nodes`);
    }
    const hosts = new Map<number, SshHost>();
    nodeIds.forEach((id, i) => {
      const h = file.hosts[i]!;
      hosts.set(id, { id, target: h.target, address: h.address, runner: sshRunner(h.target, file.ssh) });
    });
    const network = new SshNetwork(newNetRunId(), hosts, file, SSH_NODE_PORTS);
    try {
      await Promise.all(
        [...hosts.values()].map(async (h) => {
          await h.runner.run(['true'], { timeoutMs: 30_000 });
          const nft = await h.runner.run(['sh', '-c', 'command -v nft'], { allowFailure: true });
          if (nft.exitCode !== 0) throw new Error(`${h.target}: no nft command (install Debian's nftables there)`);
          network.removedLeftovers.push(...(await removeStaleTables(h.runner, network.runId)).map((t) => `${h.target}: ${t}`));
          await applyNft(h.runner, setupScript(tableName(network.runId)));
        }),
      );
    } catch (err) {
      await network.close();
      throw err;
    }
    return network;
  }

  private host(node: number): SshHost {
    const h = this.hosts.get(node);
    if (h === undefined) throw new Error(`no host for node n${node}`);
    return h;
  }

  placement(node: number): NodePlacement {
    const h = this.host(node);
    return {
      runner: h.runner,
      address: h.address,
      ports: this.ports,
      remoteDir: `${this.file.remoteDir}/${this.runId}/n${node}`,
      program: { node: this.file.node ?? 'node', main: this.file.main ?? nodeMainPath() },
    };
  }

  peerAddress(_from: number, to: number): Address {
    return { host: this.host(to).address, port: this.ports.peer };
  }

  clientAddress(node: number): Address {
    return { host: this.host(node).address, port: this.ports.client };
  }

  /** Nodes listen at fixed ports on their own addresses: nothing to reroute when one restarts. */
  attach(): void {}

  async partition(grudge: Grudge): Promise<void> {
    await this.collectDrops();
    this.grudge = grudge;
    await this.applyRules();
  }

  async setLossPercent(percent: number): Promise<void> {
    await this.collectDrops();
    this.lossPercent = percent;
    await this.applyRules();
  }

  /** Packets dropped by partition rules so far, per directed link "from->to" (see PartitionDropCounts). */
  partitionDrops(): Record<string, number> {
    return this.drops.toJson();
  }

  async listRules(node: number): Promise<string> {
    return (await this.host(node).runner.run(['nft', 'list', 'table', 'inet', tableName(this.runId)])).stdout;
  }

  describe(): Record<string, unknown> {
    return {
      name: 'ssh',
      runId: this.runId,
      hosts: Object.fromEntries([...this.hosts].map(([id, h]) => [String(id), { target: h.target, address: h.address }])),
      ports: this.ports,
      remoteDir: `${this.file.remoteDir}/${this.runId}`,
      partitions: `nftables drop rules by source address to the peer port, table inet ${tableName(this.runId)} on each host`,
      loss: 'nftables numgen random drops in the same rules',
      latency: 'none (the ssh network adds no latency)',
      partitionDrops: this.partitionDrops(),
    };
  }

  /** Delete the run's table and its remote folders on every host (idempotent, best effort). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.collectDrops().catch(() => undefined);
    await Promise.all(
      [...this.hosts.values()].map(async (h) => {
        await h.runner.run(['nft', '-f', '-'], { input: teardownScript(tableName(this.runId)), allowFailure: true }).catch(() => undefined);
        await h.runner.removeTree(`${this.file.remoteDir}/${this.runId}`).catch(() => undefined);
      }),
    );
  }

  private async collectDrops(): Promise<void> {
    const ids = [...this.hosts.keys()];
    await this.drops.collect(this.grudge, { nodeIds: ids, address: (n) => this.host(n).address, runner: (n) => this.host(n).runner, table: tableName(this.runId), peerPort: this.ports.peer });
  }

  private async applyRules(): Promise<void> {
    const ids = [...this.hosts.keys()];
    await Promise.all(
      ids.map((id) => {
        const dropFrom = [...(this.grudge.get(id) ?? [])].filter((p) => p !== id).map((p) => this.host(p).address);
        const lossFrom = ids.filter((p) => p !== id).map((p) => this.host(p).address);
        return applyNft(this.host(id).runner, rulesScript(tableName(this.runId), this.ports.peer, { dropFrom, lossFrom, lossPercent: this.lossPercent }));
      }),
    );
  }
}

/** Delete every raft-chaos table on a host but `keep`'s; returns the deleted names. */
export async function removeStaleTables(runner: HostRunner, keep: NetRunId | null): Promise<string[]> {
  const removed: string[] = [];
  for (const t of await listTables(runner)) {
    const [family, name] = t.split(' ');
    if (family === undefined || name === undefined) continue;
    const id = runIdOfTable(name);
    if (id === null || id === keep) continue;
    await deleteTable(runner, family, name);
    removed.push(t);
  }
  return removed;
}
