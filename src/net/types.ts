// A network whose nodes live on hosts of their own (src/net): where each node runs and listens, and
// the host runner that starts it there. On top of the seam's AddressedNetwork (src/subjects/types.ts):
//   netns -- a network namespace per node on this machine, kernel faults (src/net/netns)
//   ssh   -- one real machine per node, reached over ssh, kernel faults (src/net/hosts)
// A subject that can start its nodes on such hosts (Subject.runsOnHosts) asks placement(); nodes
// listen at fixed ports on their own addresses, so attach() has nothing to do.
import type { AddressedNetwork, Network } from '../subjects/types.js';
import type { HostRunner } from './hosts/runner.js';

export type { Address } from '../subjects/types.js';

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

export interface HostedNetwork extends AddressedNetwork {
  placement(node: number): NodePlacement;
  /** Random loss on every peer link, whole percent (0 removes it). */
  setLossPercent(percent: number): Promise<void>;
  /** What test.json records about the network (name, addresses, how latency and loss are made). */
  describe(): Record<string, unknown>;
}

export function isHostedNetwork(network: Network | null | undefined): network is HostedNetwork {
  return network != null && typeof (network as Partial<HostedNetwork>).placement === 'function';
}
