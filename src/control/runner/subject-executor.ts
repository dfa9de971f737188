// The FaultExecutor (src/plugins.ts) of a real run: partitions go to the network, node faults to the
// subject's abilities. The runner refuses a nemesis whose ability is missing before anything starts,
// so a missing ability here is a tool error, named.
import type { FaultExecutor, Grudge } from '../../plugins.js';
import type { Network, SubjectCluster } from '../../subjects/types.js';

export class MissingAbilityError extends Error {
  override name = 'MissingAbilityError';
}

export function subjectExecutor(subjectName: string, cluster: SubjectCluster, network: Network): FaultExecutor {
  const missing = (ability: string): never => {
    throw new MissingAbilityError(`subject ${subjectName} has no ${ability} ability`);
  };
  return {
    nodeIds: cluster.nodeIds,
    leader: () => cluster.status?.leader() ?? null,
    partition: (grudge: Grudge) => network.partition(grudge),
    kill: (nodes) => (cluster.kill ?? missing('kill')).kill(nodes),
    restart: (nodes) => (cluster.kill ?? missing('kill')).restart(nodes),
    pause: (nodes) => (cluster.pause ?? missing('pause')).pause(nodes),
    resume: (nodes) => (cluster.pause ?? missing('pause')).resume(nodes),
    setClock: (node, offsetMs, rate) => (cluster.clock ?? missing('clock')).setClock(node, offsetMs, rate),
    after: (delayMs, action) => {
      setTimeout(action, delayMs).unref();
    },
  };
}
