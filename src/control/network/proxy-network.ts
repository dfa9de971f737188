// The proxy network (the default --net): one TCP proxy per directed link on 127.0.0.1. Node A reaches
// node B only through the proxy "nA->nB"; clients reach node B only through "client->nB". A partition
// is a set of blocked peer links (clients are never cut off by a grudge). Nodes listen where they
// like; attach() points the links into a node at its current ports.
import type { Grudge } from '../../plugins.js';
import type { Address, AddressedNetwork, NodeEndpoints } from '../../subjects/types.js';
import { isLinkCut } from '../../faults/partition.js';
import { LinkProxy, type BlockMode } from './proxy.js';

export interface ProxyNetworkOptions {
  readonly nodeIds: readonly number[];
  /** How a blocked peer link treats new connections (default blackhole: a silent network). */
  readonly blockMode?: BlockMode;
  /** Parse peer links as frames so per-link message loss can be set (costs some CPU). */
  readonly frameAwarePeerLinks?: boolean;
}

export class NetworkError extends Error {
  override name = 'NetworkError';
}

const linkName = (from: number, to: number): string => `n${from}->n${to}`;

export class ProxyNetwork implements AddressedNetwork {
  readonly name = 'proxy';
  readonly nodeIds: readonly number[];
  private readonly peerProxies = new Map<string, LinkProxy>();
  private readonly clientProxies = new Map<number, LinkProxy>();
  private grudge: Grudge = new Map();

  private constructor(private readonly options: ProxyNetworkOptions) {
    this.nodeIds = [...options.nodeIds];
  }

  /** Open every proxy (listening, with no target yet). */
  static async open(options: ProxyNetworkOptions): Promise<ProxyNetwork> {
    const network = new ProxyNetwork(options);
    try {
      await network.openProxies();
    } catch (err) {
      await network.close();
      throw err;
    }
    return network;
  }

  peerAddress(from: number, to: number): Address {
    return this.peerProxy(from, to).listenAddress;
  }

  clientAddress(node: number): Address {
    return this.clientProxy(node).listenAddress;
  }

  attach(node: number, endpoints: NodeEndpoints | null): void {
    for (const from of this.nodeIds) {
      if (from === node) continue;
      this.peerProxy(from, node).setTarget(endpoints === null ? null : endpoints.peer);
    }
    this.clientProxy(node).setTarget(endpoints === null ? null : endpoints.client);
  }

  partition(grudge: Grudge): void {
    this.grudge = grudge;
    for (const from of this.nodeIds) {
      for (const to of this.nodeIds) {
        if (from === to) continue;
        const proxy = this.peerProxy(from, to);
        if (isLinkCut(grudge, from, to)) proxy.block(this.options.blockMode);
        else if (proxy.isBlocked) proxy.unblock();
      }
    }
  }

  currentGrudge(): Grudge {
    return this.grudge;
  }

  peerProxy(from: number, to: number): LinkProxy {
    const proxy = this.peerProxies.get(linkName(from, to));
    if (proxy === undefined) throw new NetworkError(`no link ${linkName(from, to)}`);
    return proxy;
  }

  clientProxy(node: number): LinkProxy {
    const proxy = this.clientProxies.get(node);
    if (proxy === undefined) throw new NetworkError(`no node n${node} in this cluster`);
    return proxy;
  }

  async close(): Promise<void> {
    await Promise.all([...this.peerProxies.values(), ...this.clientProxies.values()].map((p) => p.close()));
  }

  private async openProxies(): Promise<void> {
    const frameAware = this.options.frameAwarePeerLinks ?? false;
    const blockMode = this.options.blockMode ?? 'blackhole';
    for (const from of this.nodeIds) {
      for (const to of this.nodeIds) {
        if (from === to) continue;
        const proxy = new LinkProxy({ name: linkName(from, to), frameAware, blockMode });
        this.peerProxies.set(linkName(from, to), proxy);
        await proxy.listen();
      }
    }
    for (const id of this.nodeIds) {
      const proxy = new LinkProxy({ name: `client->n${id}`, blockMode: 'refuse' });
      this.clientProxies.set(id, proxy);
      await proxy.listen();
    }
  }
}
