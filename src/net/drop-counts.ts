// What the partition rules dropped, per directed link, on a network of hosts with nftables rules
// (netns and ssh): each cut link's rule counts its packets (src/net/nft.ts); the counts are read
// before the rules are replaced, since a flush resets them, and added up over the run.
import type { Grudge } from '../plugins.js';
import type { HostRunner } from './hosts/runner.js';
import { parseDropCounters } from './nft.js';

export interface DropCountHosts {
  readonly nodeIds: readonly number[];
  address(node: number): string;
  runner(node: number): HostRunner;
  readonly table: string;
  readonly peerPort: number;
}

export class PartitionDropCounts {
  private readonly dropped = new Map<string, number>();

  /** Add what the rules of `grudge` (the ones in place now) dropped since they were written. */
  async collect(grudge: Grudge, hosts: DropCountHosts): Promise<void> {
    const byAddress = new Map(hosts.nodeIds.map((id) => [hosts.address(id), id]));
    await Promise.all(
      hosts.nodeIds
        .filter((id) => (grudge.get(id)?.size ?? 0) > 0)
        .map(async (to) => {
          const r = await hosts.runner(to).run(['nft', 'list', 'table', 'inet', hosts.table], { allowFailure: true });
          if (r.exitCode !== 0) return;
          for (const [address, packets] of parseDropCounters(r.stdout, hosts.peerPort)) {
            const from = byAddress.get(address);
            if (from === undefined) continue;
            const link = `${from}->${to}`;
            this.dropped.set(link, (this.dropped.get(link) ?? 0) + packets);
          }
        }),
    );
  }

  /** {"1->2": packets, ...}: what node 1 sent to node 2's peer port and node 2's rules dropped; links that dropped nothing left out. */
  toJson(): Record<string, number> {
    return Object.fromEntries([...this.dropped].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
  }
}
