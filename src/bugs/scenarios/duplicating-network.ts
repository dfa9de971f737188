// A network that duplicates and reorders messages (no partition needed): a late copy of an
// AppendEntries whose entries all match arrives after newer ones. With stale-append-truncates the
// follower cuts the newer entries anyway, which the conflict-truncation invariant reports (a cut
// where no entry of another term replaces the cut one), and a leader that counted them as
// replicated may have committed what a majority no longer holds. The fault is the simulated
// network's shape; the generator only waits, so in a real run (TCP: in order, no duplicates) it
// does nothing.
import { sleep } from '../../generators/index.js';
import type { ScenarioSpec } from './spec.js';

export const duplicatingNetwork: ScenarioSpec = {
  name: 'duplicating-network',
  description: 'a network duplicating 20% of messages with 1-40 ms delays (simulated network shape; no fault ops)',
  nodes: 3,
  raft: { maxEntriesPerAppend: 8 },
  network: { minDelayUs: 1_000, maxDelayUs: 40_000, duplicateRate: 0.2 },
  readMode: 'read-index',
  clients: { count: 10, opsPerSecond: 200, workload: 'register' },
  faultPhaseUs: 10_000_000,
  healBoundUs: 5_000_000,
  families: [],
  generator: (phaseMs) => sleep(phaseMs),
};
