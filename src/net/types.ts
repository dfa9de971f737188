// The network a real cluster runs on, as the cluster sees it: where each node runs and listens,
// where nodes and clients dial, and how a grudge becomes cut links. The proxy network (the
// controller's own TCP proxies on loopback) is the cluster's built-in default; the others are:
//   netns -- a network namespace per node on this machine, kernel faults (src/net/netns)
//   ssh   -- one real machine per node, reached over ssh, kernel faults (src/net/hosts)
import type { Grudge } from '../plugins.js';
import type { HostRunner } from './hosts/runner.js';

export interface Address {
  readonly host: string;
  readonly port: number;
}

/** The ports a node listens on (the same numbers on every node: each node has its own address). */
export interface NodePorts {
  readonly peer: number;
  readonly client: number;
  readonly control: number;
}

/** Where one node lives. */
export interface NodePlacement {
  /** Runs every host operation for this node (start, signal, write its config, read files back). */
  readonly runner: HostRunner;
  /** The node's own address: it listens there, the controller dials it. */
  readonly address: string;
  readonly ports: NodePorts;
  /**
   * The node's folder on its host, or null when the host shares this machine's file system (a
   * namespace): then the run directory's nodes/n<id>/ is used as it is.
   */
  readonly remoteDir: string | null;
  /** The node program on the host: `node <main>` (the same paths as here when null). */
  readonly program: { readonly node: string; readonly main: string } | null;
}

export interface NodeNetwork {
  /** 'netns' or 'ssh' (recorded in test.json). */
  readonly name: string;
  placement(node: number): NodePlacement;
  /** Where node `from` dials to send to node `to`. */
  peerAddress(from: number, to: number): Address;
  /** Where clients dial to reach `node`. */
  clientAddress(node: number): Address;
  /** Before a node (re)starts: e.g. start its user-space delay proxies. */
  prepareNode?(node: number): Promise<void>;
  /** Replace the partition; an empty grudge heals. */
  partition(grudge: Grudge): Promise<void>;
  /** Random loss on every peer link, whole percent (0 removes it). */
  setLossPercent(percent: number): Promise<void>;
  /** Remove everything the network made (idempotent; also after a failed start). */
  close(): Promise<void>;
  /** What test.json records about the network (name, addresses, how latency and loss are made). */
  describe(): Record<string, unknown>;
}
