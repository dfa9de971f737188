// The network panel of a run: which network carried the peer messages (test.json networkDetails),
// how it made partitions, loss and latency (for netns: kernel netem or the user-space delay
// proxies, and why), and, for a netns or ssh run, the packets each cut link's rule dropped.
import type { RawRun } from '../load-run.js';
import { esc, fmtInt } from '../html.js';
import { isObject } from '../jsonl.js';

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

export function networkSection(run: RawRun): string {
  const net = run.test?.['networkDetails'];
  if (!isObject(net)) return '';
  const rows: [string, string | null][] = [
    ['Network', text(net['name'])],
    ['Partitions', text(net['partitions'])],
    ['Loss', text(net['loss'])],
    ['Latency', (net['latencyMs'] ?? 0) === 0 ? 'none' : `${text(net['latencyMs'])} ms per peer link: ${text(net['latency']) ?? 'unknown how'}`],
  ];
  const kv = rows
    .filter((r): r is [string, string] => r[1] !== null)
    .map(([k, v]) => `<div>${esc(k)}</div><div>${esc(v)}</div>`)
    .join('');
  const drops = isObject(net['partitionDrops']) ? Object.entries(net['partitionDrops']).filter(([, n]) => typeof n === 'number') : [];
  const dropsHtml =
    net['name'] !== 'netns' && net['name'] !== 'ssh'
      ? ''
      : drops.length === 0
        ? '<p>No packet was dropped by a partition rule.</p>'
        : `<table><thead><tr><th>Link</th><th>Packets dropped by its partition rule</th></tr></thead><tbody>${drops
            .map(([link, n]) => `<tr><td>n${esc(link.replace('->', ' \u2192 n'))}</td><td class="num">${fmtInt(n as number)}</td></tr>`)
            .join('')}</tbody></table>`;
  return `<section class="panel" id="network"><h2>Network</h2><div class="kv">${kv}</div>${dropsHtml}</section>`;
}
