// The networks a run can put between its nodes (--net): today the proxy network. A subject that
// routes its own messages (Subject.ownNetwork) brings its own instead.
import type { AddressedNetwork } from '../../subjects/types.js';
import { ProxyNetwork } from './proxy-network.js';

export const NETWORK_NAMES: readonly string[] = ['proxy'];

export const DEFAULT_NETWORK = 'proxy';

/** Open the network called `name` between `nodeIds`. */
export async function openNetwork(name: string, nodeIds: readonly number[]): Promise<AddressedNetwork> {
  switch (name) {
    case 'proxy':
      return ProxyNetwork.open({ nodeIds });
    default:
      throw new RangeError(`unknown network ${JSON.stringify(name)}; accepted: ${NETWORK_NAMES.join(', ')}`);
  }
}

export { ProxyNetwork } from './proxy-network.js';
export { LinkProxy } from './proxy.js';
