// The network part of a real run: --net, --hosts, --link-latency, --link-loss. The proxy network
// (src/control/network) gets latency and loss on its peer links; netns and ssh are hosted networks
// from src/net, checked before anything of the run exists (one line, exit 254, when this machine
// cannot make them) and closed by the runner whatever happens.
import fs from 'node:fs';
import { UsageError } from '../../util/exit-codes.js';
import { writeJsonFile } from '../../history/store.js';
import { checkNetwork, NetUnavailableError, openNetwork, type CheckedNetwork } from '../../net/open.js';
import { isHostedNetwork } from '../../net/types.js';
import type { AddressedNetwork, Subject } from '../../subjects/types.js';
import { ProxyNetwork } from '../network/proxy-network.js';
import { deriveSeed, seededRng } from '../../util/rng.js';
import { RUN_DEFAULTS, type RunOptions } from './run-options.js';

/** Refuse a network this machine (or this subject) cannot use, before the run starts. */
export async function checkRunNetwork(options: RunOptions, subject: Subject): Promise<CheckedNetwork> {
  const net = options.net ?? RUN_DEFAULTS.net;
  if (net !== 'proxy' && subject.runsOnHosts !== true) {
    throw new UsageError(`--net ${net}: subject ${subject.name} cannot start its nodes on their own hosts; use --net proxy`);
  }
  try {
    return await checkNetwork(
      {
        net,
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

/** Open the run's network: the proxies (with their link latency and loss) or a hosted network. */
export async function openRunNetwork(checked: CheckedNetwork, nodeIds: readonly number[], runDir: string, seed: number): Promise<AddressedNetwork> {
  const { net, linkLatencyMs, linkLossPercent } = checked.choice;
  if (net !== 'proxy') {
    const hosted = await openNetwork(checked, nodeIds, runDir);
    if (hosted === null) throw new Error(`no ${net} network`);
    return hosted;
  }
  const proxies = await ProxyNetwork.open({ nodeIds, ...(linkLossPercent > 0 ? { frameAwarePeerLinks: true } : {}) });
  for (const from of nodeIds) {
    for (const to of nodeIds) {
      if (from === to) continue;
      const proxy = proxies.peerProxy(from, to);
      if (linkLatencyMs > 0) proxy.setLatency(linkLatencyMs);
      if (linkLossPercent > 0) proxy.setLoss(linkLossPercent / 100, seededRng(deriveSeed(seed, `loss-${from}-${to}`)));
    }
  }
  return proxies;
}

/** What test.json records about the network. */
export function describeRunNetwork(checked: CheckedNetwork, network: AddressedNetwork): Record<string, unknown> {
  if (isHostedNetwork(network)) return network.describe();
  const { linkLatencyMs, linkLossPercent } = checked.choice;
  return {
    name: network.name,
    partitions: 'user-space proxies on 127.0.0.1, one per directed link, cut while blocked',
    latencyMs: linkLatencyMs,
    latency: linkLatencyMs > 0 ? 'user-space proxies' : 'none',
    lossPercent: linkLossPercent,
    loss: linkLossPercent > 0 ? 'frame-aware proxies drop whole messages' : 'none',
  };
}

/** Put what the network says of itself into test.json's networkDetails (after the open, after the close). */
export function writeNetworkDetails(testFile: string, checked: CheckedNetwork, network: AddressedNetwork): void {
  const test = JSON.parse(fs.readFileSync(testFile, 'utf8')) as Record<string, unknown>;
  writeJsonFile(testFile, { ...test, networkDetails: describeRunNetwork(checked, network) });
}
