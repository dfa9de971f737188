// The duplicating, reordering network of duplicating-network.ts, and the leader crashed every
// second or so (restarted at once): a leader that believed a follower holds entries it lacks (a
// duplicated reply counted twice, next-index-double-advance) has committed and acknowledged them
// on a minority; the next leader, elected without them, never had them: leader-completeness,
// state-machine-safety, linearizability.
import { once, script, sleep, waitUntil } from '../../generators/index.js';
import type { ScenarioSpec } from './spec.js';

const failoverGenerator = (phaseMs: number) =>
  script(function* (s) {
    while (s.nowMs < phaseMs - 1_000) {
      yield waitUntil((v) => v.leader() !== null, 3_000);
      yield sleep(400);
      const leader = s.view.leader();
      if (leader === null) continue;
      yield once({ f: 'kill', value: { nodes: [leader] } });
      yield sleep(600);
      yield once({ f: 'restart', value: 'all-dead' });
    }
  });

export const duplicatingFailover: ScenarioSpec = {
  name: 'duplicating-failover',
  description: 'a network duplicating 5% of messages with 1-40 ms delays; the leader crashed about every second and restarted',
  nodes: 3,
  raft: { maxEntriesPerAppend: 8 },
  network: { minDelayUs: 1_000, maxDelayUs: 40_000, duplicateRate: 0.05 },
  readMode: 'read-index',
  clients: { count: 10, opsPerSecond: 200, workload: 'register' },
  faultPhaseUs: 10_000_000,
  healBoundUs: 5_000_000,
  families: ['crash'],
  generator: failoverGenerator,
};
