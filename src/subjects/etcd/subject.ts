// --subject etcd: etcd 3.4 (Debian's etcd-server) as the system under test, one member per node.
// Abilities: kill (SIGKILL, restart on the same data directory), pause (SIGSTOP / SIGCONT), status
// (maintenance status: leader, raft term, commit and applied index). No clock, no event log (the
// Raft invariants are then not applicable). It honours --pre-vote (etcd's --pre-vote flag).
// Its members dial one another directly, so partitions need a network of hosts: it runs on
// --net netns by default where namespaces can be made.
import { SubjectError, type Subject } from '../types.js';
import { EtcdCluster, type EtcdConfig } from './cluster.js';
import { findEtcdBinary, missingEtcdMessage } from './binary.js';

export const ETCD_DESCRIPTION =
  'etcd 3.4 (etcd-server; --etcd-bin PATH, else PATH): one member per node on its own address (--net netns by default), v3 JSON gateway client, --etcd-serializable for stale reads';

/** The subject for a run; without a config (the registry's entry) it finds etcd on PATH at prepare(). */
export function etcdSubject(config?: Partial<EtcdConfig>): Subject {
  let bin: string | null = null;
  return {
    name: 'etcd',
    description: ETCD_DESCRIPTION,
    abilities: ['kill', 'pause', 'status'],
    honours: ['pre-vote'],
    ownNetwork: false,
    runsOnHosts: true,
    preferredNet: 'netns',
    peersBypassProxy: true,
    settings: (protocol) => ({
      bin: config?.bin ?? findEtcdBinary(),
      reads: config?.serializable === true ? 'serializable' : 'linearizable',
      preVote: protocol.preVote,
      checkQuorum: 'always on in etcd',
      heartbeatMs: 100,
      electionMs: 1000,
      fsync: 'etcd default (WAL fsync on every commit)',
    }),
    prepare: async () => {
      bin = findEtcdBinary(config?.bin);
      if (bin === null) throw new SubjectError(missingEtcdMessage(config?.bin));
    },
    create: async (plan) => {
      const found = bin ?? findEtcdBinary(config?.bin);
      if (found === null) throw new SubjectError(missingEtcdMessage(config?.bin));
      return EtcdCluster.create(plan, { bin: found, serializable: config?.serializable ?? false });
    },
  };
}
