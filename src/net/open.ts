// Choosing the network of a real run (--net): proxy (the controller's loopback proxies, in
// src/control), netns (a namespace per node) or ssh (a machine per node, --hosts FILE). checkNetwork
// runs before anything of the run exists and refuses what cannot work with one line; openNetwork
// then makes the network.
import { HostsFileError, readHostsFile, type HostsFile } from './hosts/hosts-file.js';
import { SshNetwork } from './hosts/ssh-network.js';
import { NetnsNetwork } from './netns/netns-network.js';
import { netnsUnsupportedMessage, probeNetnsSupport, type NetnsSupport } from './netns/support.js';
import type { HostedNetwork } from './types.js';

export type NetName = 'proxy' | 'netns' | 'ssh';
export const NET_NAMES: readonly NetName[] = ['proxy', 'netns', 'ssh'];

export interface NetChoice {
  readonly net: NetName;
  /** --hosts FILE (ssh only). */
  readonly hostsFile?: string;
  /** One-way delay on every peer link, ms. */
  readonly linkLatencyMs: number;
  /** Random loss on every peer link, whole percent. */
  readonly linkLossPercent: number;
  /** Messages sent twice on every peer link, whole percent (frame-aware proxies, or the kernel's netem). */
  readonly linkDuplicatePercent?: number;
  /** Messages overtaken by later ones on every peer link, whole percent (frame-aware proxies, or the kernel's netem). */
  readonly linkReorderPercent?: number;
}

/** The network cannot be made here: the run stops before it starts (exit 254). */
export class NetUnavailableError extends Error {
  override name = 'NetUnavailableError';
}

export interface CheckedNetwork {
  readonly choice: NetChoice;
  readonly netns: NetnsSupport | null;
  readonly hosts: HostsFile | null;
}

export async function checkNetwork(choice: NetChoice, nodes: number): Promise<CheckedNetwork> {
  const duplicate = choice.linkDuplicatePercent ?? 0;
  const reorder = choice.linkReorderPercent ?? 0;
  if ((duplicate > 0 || reorder > 0) && choice.net === 'ssh') {
    throw new NetUnavailableError('--link-duplicate and --link-reorder work with --net proxy (frame-aware proxies) or --net netns (the kernel\'s netem), not --net ssh');
  }
  if (choice.net === 'netns') {
    if (reorder > 0 && choice.linkLatencyMs <= 0) throw new NetUnavailableError('--link-reorder with --net netns needs --link-latency: netem reorders by sending some packets ahead of the delayed others');
    const support = await probeNetnsSupport();
    if (support.missing !== null) throw new NetUnavailableError(netnsUnsupportedMessage(support.missing));
    if ((duplicate > 0 || reorder > 0) && !support.netem) {
      throw new NetUnavailableError(
        `--link-duplicate and --link-reorder with --net netns need the kernel's netem qdisc, which this kernel lacks (${support.netemProbe}); ` +
          'use --net proxy (its frame-aware proxies duplicate and reorder whole messages); link latency and loss still work in netns',
      );
    }
    return { choice, netns: support, hosts: null };
  }
  if (choice.net === 'ssh') {
    if (choice.hostsFile === undefined) throw new NetUnavailableError('--net ssh needs --hosts FILE (one user@address line per node)');
    if (choice.linkLatencyMs > 0) throw new NetUnavailableError('--link-latency works with --net proxy or --net netns, not --net ssh');
    let hosts: HostsFile;
    try {
      hosts = readHostsFile(choice.hostsFile);
    } catch (err) {
      if (err instanceof HostsFileError) throw new NetUnavailableError(err.message);
      throw err;
    }
    if (hosts.hosts.length < nodes) throw new NetUnavailableError(`--hosts ${choice.hostsFile} lists ${hosts.hosts.length} host(s) for --nodes ${nodes}`);
    return { choice, netns: null, hosts };
  }
  if (choice.hostsFile !== undefined) throw new NetUnavailableError('--hosts goes with --net ssh');
  return { choice, netns: null, hosts: null };
}

/** The kernel network of the run, or null for the proxies (the cluster's own). */
export async function openNetwork(checked: CheckedNetwork, nodeIds: readonly number[], runDir: string): Promise<HostedNetwork | null> {
  const { choice } = checked;
  let network: HostedNetwork | null = null;
  if (choice.net === 'netns') {
    network = await NetnsNetwork.create({
      nodeIds,
      runDir,
      latencyMs: choice.linkLatencyMs,
      duplicatePercent: choice.linkDuplicatePercent ?? 0,
      reorderPercent: choice.linkReorderPercent ?? 0,
      ...(checked.netns !== null ? { netem: { available: checked.netns.netem, probe: checked.netns.netemProbe } } : {}),
    });
  } else if (choice.net === 'ssh' && checked.hosts !== null) {
    network = await SshNetwork.create(checked.hosts, nodeIds);
  }
  if (network !== null && choice.linkLossPercent > 0) {
    try {
      await network.setLossPercent(choice.linkLossPercent);
    } catch (err) {
      await network.close();
      throw err;
    }
  }
  return network;
}
