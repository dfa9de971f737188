// The network part of a real run: --net, --hosts, --link-latency, --link-loss. The proxy network is
// the cluster's own proxies (latency and loss set on its peer links); netns and ssh are kernel
// networks from src/net, checked before anything of the run exists and closed whatever happens.
import { UsageError } from '../commands/exit-codes.js';
import { checkNetwork, NetUnavailableError, openNetwork, type CheckedNetwork } from '../net/open.js';
import type { NodeNetwork } from '../net/types.js';
import type { Cluster } from './cluster.js';
import { deriveSeed, seededRng } from './rng.js';
import { RUN_DEFAULTS, type RunOptions } from './run-options.js';

/** Refuse a network this machine cannot make (UsageError, exit 254) before the run starts. */
export async function checkRunNetwork(options: RunOptions): Promise<CheckedNetwork> {
  try {
    return await checkNetwork(
      {
        net: options.net ?? RUN_DEFAULTS.net,
        ...(options.hostsFile !== undefined ? { hostsFile: options.hostsFile } : {}),
        linkLatencyMs: options.linkLatencyMs ?? 0,
        linkLossPercent: options.linkLossPercent ?? 0,
      },
      options.nodes,
    );
  } catch (err) {
    if (err instanceof NetUnavailableError) throw new UsageError(err.message);
    throw err;
  }
}

export async function openRunNetwork(checked: CheckedNetwork, nodeIds: readonly number[], runDir: string): Promise<NodeNetwork | null> {
  return openNetwork(checked, nodeIds, runDir);
}

/** What test.json records about the network. */
export function describeRunNetwork(checked: CheckedNetwork, network: NodeNetwork | null): Record<string, unknown> {
  if (network !== null) return network.describe();
  const { linkLatencyMs, linkLossPercent } = checked.choice;
  return {
    name: 'proxy',
    partitions: 'user-space proxies on 127.0.0.1, one per directed link, cut while blocked',
    latencyMs: linkLatencyMs,
    latency: linkLatencyMs > 0 ? 'user-space proxies' : 'none',
    lossPercent: linkLossPercent,
    loss: linkLossPercent > 0 ? 'frame-aware proxies drop whole messages' : 'none',
  };
}

/** Latency and loss on the proxy network's peer links (kernel networks set their own). */
export function applyProxyLinkFaults(cluster: Cluster, checked: CheckedNetwork, seed: number): void {
  const { net, linkLatencyMs, linkLossPercent } = checked.choice;
  if (net !== 'proxy' || (linkLatencyMs === 0 && linkLossPercent === 0)) return;
  for (const from of cluster.nodeIds) {
    for (const to of cluster.nodeIds) {
      if (from === to) continue;
      const proxy = cluster.peerProxy(from, to);
      if (linkLatencyMs > 0) proxy.setLatency(linkLatencyMs);
      if (linkLossPercent > 0) proxy.setLoss(linkLossPercent / 100, seededRng(deriveSeed(seed, `loss-${from}-${to}`)));
    }
  }
}
