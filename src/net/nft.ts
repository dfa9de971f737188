// Kernel faults as nftables rules on each node's host (its network namespace, or a real machine
// over ssh): one table per run with an input chain. A partition is a counted drop rule per source
// address; message loss is a random drop (numgen) in the same chain; heal flushes the chain.
//
// Rules match the node's peer port only: node A's messages to B travel on the TCP connection A
// dialled to B's peer port, so dropping "from A to B's peer port" at B silences A -> B while the
// acknowledgements A sends on B's own connection to A still pass. A one-way partition therefore
// stays one-way (dropping every packet from A would also break B -> A's handshake). Clients and
// the controller dial from other addresses and are never dropped.
import type { HostRunner } from './hosts/runner.js';

export interface FirewallState {
  /** Addresses whose packets to the peer port are dropped (the grudge of this node). */
  readonly dropFrom: readonly string[];
  /** Addresses whose packets to the peer port are dropped at random with lossPercent. */
  readonly lossFrom: readonly string[];
  /** 0..100, whole percent. */
  readonly lossPercent: number;
}

const ADDRESS = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;

function addressSet(addresses: readonly string[]): string {
  for (const a of addresses) if (!ADDRESS.test(a)) throw new Error(`not an IPv4 address: ${JSON.stringify(a)}`);
  return `{ ${[...new Set(addresses)].sort().join(', ')} }`;
}

/** The script that creates the run's table and its input chain (idempotent). */
export function setupScript(table: string): string {
  return [
    `add table inet ${table}`,
    `add chain inet ${table} input { type filter hook input priority 0; policy accept; }`,
    `flush chain inet ${table} input`,
    '',
  ].join('\n');
}

/** The script that replaces the chain's rules with `state` in one transaction. */
export function rulesScript(table: string, peerPort: number, state: FirewallState): string {
  if (!Number.isInteger(peerPort) || peerPort < 1 || peerPort > 65535) throw new RangeError(`bad peer port ${peerPort}`);
  if (!Number.isInteger(state.lossPercent) || state.lossPercent < 0 || state.lossPercent > 100) {
    throw new RangeError(`loss must be a whole percent from 0 to 100, got ${state.lossPercent}`);
  }
  const lines = [`flush chain inet ${table} input`];
  // One counted rule per source address: the counters say how many packets of each cut link fell.
  addressSet(state.dropFrom);
  for (const from of [...new Set(state.dropFrom)].sort()) lines.push(`add rule inet ${table} input ip saddr ${from} tcp dport ${peerPort} counter drop`);
  if (state.lossPercent > 0 && state.lossFrom.length > 0) {
    // numgen's "< 100" is out of its range: total loss is a plain drop.
    const random = state.lossPercent === 100 ? '' : ` numgen random mod 100 < ${state.lossPercent}`;
    lines.push(`add rule inet ${table} input ip saddr ${addressSet(state.lossFrom)} tcp dport ${peerPort}${random} drop`);
  }
  lines.push('');
  return lines.join('\n');
}

const DROP_COUNTER = /ip saddr ([0-9.]+) tcp dport (\d+) counter packets (\d+) bytes \d+ drop/g;

/**
 * The packets each partition rule dropped, by source address, from `nft list table` output
 * (random-loss rules are not counted here).
 */
export function parseDropCounters(listing: string, peerPort: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of listing.matchAll(DROP_COUNTER)) {
    if (Number(m[2]) !== peerPort) continue;
    const address = m[1] as string;
    out.set(address, (out.get(address) ?? 0) + Number(m[3]));
  }
  return out;
}

export function teardownScript(table: string): string {
  return `delete table inet ${table}\n`;
}

/** Run an nft script on a host (`nft -f -`). */
export async function applyNft(runner: HostRunner, script: string): Promise<void> {
  await runner.run(['nft', '-f', '-'], { input: script });
}

/** The tables on a host (`nft list tables`), e.g. ["inet raft_chaos_abc123"]. */
export async function listTables(runner: HostRunner): Promise<string[]> {
  const r = await runner.run(['nft', 'list', 'tables'], { allowFailure: true });
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('table '))
    .map((l) => l.slice('table '.length));
}

/** Delete a table if it is there. */
export async function deleteTable(runner: HostRunner, family: string, table: string): Promise<void> {
  await runner.run(['nft', 'delete', 'table', family, table], { allowFailure: true });
}
