// The network part of a real run: --net, --hosts, --link-latency, --link-loss, --link-duplicate,
// --link-reorder. The proxy network (src/control/network) gets latency, loss, duplicates and
// reordering on its peer links (the last three by frame-aware proxies, whole messages); netns and ssh are hosted networks
// from src/net, checked before anything of the run exists (one line, exit 254, when this machine
// cannot make them) and closed by the runner whatever happens.
import fs from 'node:fs';
import { UsageError } from '../../util/exit-codes.js';
import { writeJsonFile } from '../../history/store.js';
import { checkNetwork, NetUnavailableError, openNetwork, type CheckedNetwork, type NetName } from '../../net/open.js';
import { probeNetnsSupport } from '../../net/netns/support.js';
import { lookupNemesis } from '../../../nemesis/index.js';
import { isHostedNetwork } from '../../net/types.js';
import type { AddressedNetwork, Subject } from '../../subjects/types.js';
import { ProxyNetwork } from '../network/proxy-network.js';
import { DEFAULT_MAX_LATE_MS } from '../network/proxy.js';
import { deriveSeed, seededRng } from '../../util/rng.js';
import { RUN_DEFAULTS, type RunOptions } from './run-options.js';

/** Refuse a network this machine (or this subject) cannot use, before the run starts. */
export async function checkRunNetwork(options: RunOptions, subject: Subject): Promise<CheckedNetwork> {
  const net = options.net ?? (await defaultNet(subject));
  if (net !== 'proxy' && subject.runsOnHosts !== true) {
    throw new UsageError(`--net ${net}: subject ${subject.name} cannot start its nodes on their own hosts; use --net proxy`);
  }
  if (net === 'proxy' && subject.peersBypassProxy === true) {
    const why = proxyRefusal(options, subject);
    if (why !== null) throw new UsageError(why);
  }
  try {
    return await checkNetwork(
      {
        net,
        ...(options.hostsFile !== undefined ? { hostsFile: options.hostsFile } : {}),
        linkLatencyMs: options.linkLatencyMs ?? 0,
        linkLossPercent: options.linkLossPercent ?? 0,
        linkDuplicatePercent: options.linkDuplicatePercent ?? 0,
        linkReorderPercent: options.linkReorderPercent ?? 0,
      },
      options.nodes,
    );
  } catch (err) {
    if (err instanceof NetUnavailableError) throw new UsageError(err.message);
    throw err;
  }
}

/** The network of a run without --net: the subject's preferred one where it can be made, else the proxies. */
async function defaultNet(subject: Subject): Promise<NetName> {
  if (subject.preferredNet === undefined) return RUN_DEFAULTS.net;
  const support = await probeNetnsSupport();
  return support.missing === null ? subject.preferredNet : RUN_DEFAULTS.net;
}

/** Faults the proxies cannot make for a subject whose nodes dial each other directly. */
function proxyRefusal(options: RunOptions, subject: Subject): string | null {
  const because = 'its nodes dial one another directly, so loopback proxies cannot tell its peers apart';
  if (lookupNemesis(options.nemesis).families.includes('partition')) {
    return `--net proxy cannot partition subject ${subject.name}: ${because}; use --net netns (a namespace per node; needs root) or a --nemesis without partitions`;
  }
  if ((options.linkLatencyMs ?? 0) > 0 || (options.linkLossPercent ?? 0) > 0 || (options.linkDuplicatePercent ?? 0) > 0 || (options.linkReorderPercent ?? 0) > 0) {
    return `--link-latency, --link-loss, --link-duplicate and --link-reorder need --net netns with subject ${subject.name}: ${because}`;
  }
  return null;
}

/** Open the run's network: the proxies (with their link latency and loss) or a hosted network. */
export async function openRunNetwork(checked: CheckedNetwork, nodeIds: readonly number[], runDir: string, seed: number): Promise<AddressedNetwork> {
  const { net, linkLatencyMs, linkLossPercent } = checked.choice;
  const duplicatePercent = checked.choice.linkDuplicatePercent ?? 0;
  const reorderPercent = checked.choice.linkReorderPercent ?? 0;
  if (net !== 'proxy') {
    const hosted = await openNetwork(checked, nodeIds, runDir);
    if (hosted === null) throw new Error(`no ${net} network`);
    return hosted;
  }
  const shuffled = duplicatePercent > 0 || reorderPercent > 0;
  const proxies = await ProxyNetwork.open({ nodeIds, ...(linkLossPercent > 0 || shuffled ? { frameAwarePeerLinks: true } : {}) });
  for (const from of nodeIds) {
    for (const to of nodeIds) {
      if (from === to) continue;
      const proxy = proxies.peerProxy(from, to);
      if (linkLatencyMs > 0) proxy.setLatency(linkLatencyMs);
      if (linkLossPercent > 0) proxy.setLoss(linkLossPercent / 100, seededRng(deriveSeed(seed, `loss-${from}-${to}`)));
      if (shuffled) {
        const shuffle = { duplicateRate: duplicatePercent / 100, reorderRate: reorderPercent / 100, maxLateMs: DEFAULT_MAX_LATE_MS };
        proxy.setShuffle(shuffle, seededRng(deriveSeed(seed, `shuffle-${from}-${to}`)));
      }
    }
  }
  return proxies;
}

/** What test.json records about the network. */
export function describeRunNetwork(checked: CheckedNetwork, network: AddressedNetwork): Record<string, unknown> {
  if (isHostedNetwork(network)) return network.describe();
  const { linkLatencyMs, linkLossPercent } = checked.choice;
  const duplicatePercent = checked.choice.linkDuplicatePercent ?? 0;
  const reorderPercent = checked.choice.linkReorderPercent ?? 0;
  return {
    name: network.name,
    partitions: 'user-space proxies on 127.0.0.1, one per directed link, cut while blocked',
    latencyMs: linkLatencyMs,
    latency: linkLatencyMs > 0 ? 'user-space proxies' : 'none',
    lossPercent: linkLossPercent,
    loss: linkLossPercent > 0 ? 'frame-aware proxies drop whole messages' : 'none',
    duplicatePercent,
    reorderPercent,
    ...(duplicatePercent > 0 || reorderPercent > 0 ? { lateMessages: `frame-aware proxies send whole messages again (duplicates) or hold them back (reordering), 1-${DEFAULT_MAX_LATE_MS} ms late` } : {}),
  };
}

/** Put what the network says of itself into test.json's networkDetails (after the open, after the close). */
export function writeNetworkDetails(testFile: string, checked: CheckedNetwork, network: AddressedNetwork): void {
  const test = JSON.parse(fs.readFileSync(testFile, 'utf8')) as Record<string, unknown>;
  writeJsonFile(testFile, { ...test, networkDetails: describeRunNetwork(checked, network) });
}
