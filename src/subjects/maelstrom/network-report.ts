// The host network's counters as the report shows them: per node-to-node link, messages per
// second and drops; client traffic summed.
import type { MaelstromHost } from './host.js';
import { CLIENTS, type LinkStats } from './network.js';

export interface LinkRow extends LinkStats {
  readonly link: string;
  readonly perS: number;
}

export interface NetworkReport {
  readonly links: LinkRow[];
  readonly nodeMessages: number;
  readonly clientMessages: number;
  readonly dropped: number;
  readonly summary: string;
}

export function networkReport(host: MaelstromHost, durationS: number): NetworkReport {
  const name = (e: number): string => (e === CLIENTS ? 'clients' : host.nameOf(e));
  const links = host.network.stats().map((s) => ({
    ...s,
    link: `${name(s.from)}->${name(s.to)}`,
    perS: durationS > 0 ? Math.round((s.sent / durationS) * 10) / 10 : 0,
  }));
  const between = links.filter((l) => l.from !== CLIENTS && l.to !== CLIENTS);
  const nodeMessages = between.reduce((a, l) => a + l.sent, 0);
  const clientMessages = links.filter((l) => l.from === CLIENTS || l.to === CLIENTS).reduce((a, l) => a + l.sent, 0);
  const dropped = between.reduce((a, l) => a + l.partitioned + l.lost + l.undeliverable, 0);
  const rate = durationS > 0 ? Math.round(nodeMessages / durationS) : 0;
  const summary = `${nodeMessages} messages between nodes (${rate}/s), ${dropped} dropped; ${clientMessages} client messages`;
  return { links, nodeMessages, clientMessages, dropped, summary };
}
