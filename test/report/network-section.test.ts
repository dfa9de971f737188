// The network panel of the run page: which latency path a netns run used and why, and what each
// cut link's partition rule dropped; nothing for a run whose test.json has no network details.
import { describe, expect, it } from 'vitest';
import { networkSection } from '../../src/report/sections/network.js';
import type { RawRun } from '../../src/report/load-run.js';

const runWith = (test: Record<string, unknown> | null): RawRun => ({ dir: '/r', name: 'r', test, history: [], results: null, nodes: [], problems: [] });

describe('networkSection', () => {
  it('says a netns run made its latency with user-space proxies because the kernel has no netem, and lists the drops', () => {
    const html = networkSection(
      runWith({
        networkDetails: {
          name: 'netns',
          partitions: 'nftables drop rules by source address to the peer port, in each node namespace',
          loss: 'nftables numgen random drops in the same rules',
          latencyMs: 40,
          latencyPath: 'user-space delay proxies',
          latency: 'user-space delay proxies inside each node namespace (the kernel has no netem qdisc: tc qdisc add ... prio: Error: Specified qdisc kind is unknown.)',
          partitionDrops: { '2->1': 17, '2->3': 9 },
        },
      }),
    );
    expect(html).toContain('id="network"');
    expect(html).toContain('40 ms per peer link: user-space delay proxies inside each node namespace (the kernel has no netem qdisc');
    expect(html).toContain('<td>n2 \u2192 n1</td><td class="num">17</td>');
    expect(html).toContain('<td>n2 \u2192 n3</td><td class="num">9</td>');
  });

  it('says when no partition rule dropped anything, shows kernel netem, and is empty without details', () => {
    const html = networkSection(runWith({ networkDetails: { name: 'netns', latencyMs: 5, latency: 'kernel netem on each node namespace\u2019s eth0', partitionDrops: {} } }));
    expect(html).toContain('5 ms per peer link: kernel netem');
    expect(html).toContain('No packet was dropped by a partition rule.');
    expect(networkSection(runWith({ networkDetails: { name: 'proxy', latencyMs: 0 } }))).toContain('<div>Latency</div><div>none</div>');
    expect(networkSection(runWith({}))).toBe('');
    expect(networkSection(runWith(null))).toBe('');
  });
});
