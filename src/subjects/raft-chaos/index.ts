// The raft-chaos subject: this project's own Raft node (src/node, one process per node), wired
// through the runner's addressed network. It has every ability: kill and restart (SIGKILL, then the
// same command on the same data directory), pause (signals), clock (control endpoint), status
// (control endpoint, polled), event log (events.jsonl per node), and the framed client protocol.
import { nodePaths, openRunDir } from '../../history/store.js';
import type { BugName } from '../../raft/types.js';
import type { ClusterPlan, ProtocolOptions, Subject, SubjectCluster } from '../types.js';
import { SubjectError } from '../types.js';
import { pauseBySignal } from '../process/signals.js';
import type { NodeCommand } from '../process/node-process.js';
import { Cluster } from './cluster.js';
import { FramedClient } from './framed-client.js';
import { DEFAULT_NODE_SETTINGS, type NodeSettings } from './node-settings.js';

/** Tuning keys the raft-chaos subject reads from ClusterPlan.tuning (tests and benchmarks). */
export interface RaftChaosTuning {
  /** Start nodes with this command instead of `node dist/src/node/main.js`. */
  readonly command?: NodeCommand;
  /** Override node timing. */
  readonly settings?: Partial<NodeSettings>;
}

/** Every node's Raft settings: the defaults, the tuning, then the run's protocol choices. */
export function nodeSettings(protocol: ProtocolOptions, tuning: RaftChaosTuning): NodeSettings {
  return {
    ...DEFAULT_NODE_SETTINGS,
    ...tuning.settings,
    preVote: protocol.preVote,
    checkQuorum: protocol.checkQuorum,
    readMode: protocol.readMode,
    bugs: protocol.bugs as BugName[],
  };
}

/** The SubjectCluster view of a raft-chaos Cluster. */
export function raftChaosCluster(cluster: Cluster): SubjectCluster {
  const view: SubjectCluster = {
    nodeIds: cluster.nodeIds,
    start: () => cluster.start(),
    stop: async () => {
      await cluster.stop();
    },
    destroy: () => cluster.destroy(),
    isUp: (id) => cluster.isAvailable(id),
    pids: () => cluster.allPids(),
    onUnexpectedExit: null,
    openClient: () => new FramedClient((id) => cluster.clientAddress(id)),
    describe: () => cluster.describeNodes(),
    kill: { kill: (nodes) => cluster.kill(nodes), restart: (nodes) => cluster.restart(nodes) },
    pause: pauseBySignal((id) => cluster.node(id)),
    clock: { setClock: (node, offsetMs, rate) => cluster.setClock(node, offsetMs, rate) },
    status: { leader: () => cluster.leader(), statuses: () => cluster.statuses(), poll: () => cluster.pollAll() },
    eventLog: { eventLogs: () => new Map(cluster.nodeIds.map((id) => [id, cluster.node(id).paths.eventLog])) },
  };
  cluster.onUnexpectedExit = (node, exit) => view.onUnexpectedExit?.(node, exit);
  return view;
}

export const raftChaosSubject: Subject = {
  name: 'raft-chaos',
  description: "this project's Raft node (src/node): one process per node, TCP through the network, WAL with fsync",
  abilities: ['kill', 'pause', 'clock', 'status', 'event-log'],
  honours: ['read-mode', 'bug', 'pre-vote', 'check-quorum'],
  ownNetwork: false,
  runsOnHosts: true,
  settings: (protocol, tuning) => nodeSettings(protocol, (tuning ?? {}) as RaftChaosTuning),
  async create(plan: ClusterPlan): Promise<SubjectCluster> {
    if (plan.network === null) throw new SubjectError('the raft-chaos subject needs an addressed network (--net proxy)');
    const tuning = (plan.tuning ?? {}) as RaftChaosTuning;
    const settings = nodeSettings(plan.protocol, tuning);
    const run = openRunDir(plan.runDir);
    for (const id of plan.nodeIds) {
      const want = plan.nodes.get(id);
      if (want !== undefined && want.dir !== nodePaths(run, id).dir) throw new SubjectError(`node n${id}: the raft-chaos subject keeps its nodes under <run>/nodes/n${id}`);
    }
    const cluster = await Cluster.create({
      run,
      nodeIds: plan.nodeIds,
      settings,
      runEpochMs: plan.runEpochMs,
      seed: plan.seed,
      network: plan.network,
      ...(tuning.command !== undefined ? { command: tuning.command } : {}),
    });
    return raftChaosCluster(cluster);
  },
};
