// The networks a run can put between its nodes (--net): the proxy network here; netns and ssh are
// hosted networks (src/net, opened by src/control/runner/run-network.ts). A subject that
// routes its own messages (Subject.ownNetwork) brings its own instead.
import type { AddressedNetwork } from '../../subjects/types.js';
import { ProxyNetwork } from './proxy-network.js';

import { NET_NAMES } from '../../net/open.js';

export const NETWORK_NAMES: readonly string[] = NET_NAMES;

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
