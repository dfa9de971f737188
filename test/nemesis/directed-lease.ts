// A directed real run for lease reads (test helper): a real cluster in --read-mode lease, clients on
// every node, and a fixed fault sequence built from the clock and partition nemeses' data: the
// leader's clock drifts to `rate`, then the leader is isolated, then both are healed; a few rounds.
// The fault ops are the same FaultOp data the nemeses emit, carried out by applyFault on the real
// Cluster and recorded in the history. Timing: 10 ms ticks, election timeout [500, 1000) ms, lease
// 10 ticks (250 ms of real time at 0.4x: over before any follower can time out), so the correct
// lease is safe; lease-without-margin trusts a whole election timeout, 50 ticks (1250 ms at 0.4x),
// and serves stale reads after a new leader committed writes (thesis §6.4.1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../../src/subjects/raft-chaos/cluster.js';
import { ClientPool } from '../../src/control/clients/client-pool.js';
import { checkLinearizability, type LinearizabilityReport } from '../../src/control/checks/linearizability.js';
import { DEFAULT_NODE_SETTINGS } from '../../src/subjects/raft-chaos/node-settings.js';
import { seededRng } from '../../src/util/rng.js';
import { applyFault, createFaultState } from '../../src/faults/apply.js';
import { createRunDir } from '../../src/history/store.js';
import { HistoryWriter } from '../../src/history/writer.js';
import type { OpRecord } from '../../src/history/types.js';
import type { FaultOp } from '../../src/plugins.js';
import type { BugName } from '../../src/raft/types.js';
import { lookupWorkload } from '../../workloads/index.js';


export interface DirectedLeaseResult {
  readonly linearizability: LinearizabilityReport;
  readonly history: readonly OpRecord[];
  readonly pids: readonly number[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function directedLeaseRun(options: {
  readonly bugs: readonly BugName[];
  readonly rate: number;
  readonly rounds: number;
  readonly seed: number;
  readonly concurrency?: number;
  readonly ratePerS?: number;
}): Promise<DirectedLeaseResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-e2e-lease-'));
  const run = createRunDir(dir, 'register', 'lease-drift', new Date());
  const history = new HistoryWriter(run.historyFile);
  const workload = lookupWorkload('register');
  const cluster = await Cluster.create({
    run,
    nodeIds: [1, 2, 3],
    settings: { ...DEFAULT_NODE_SETTINGS, readMode: 'lease', electionTicks: 50, leaseTicks: 10, bugs: options.bugs },
    runEpochMs: Date.now(),
    seed: options.seed,
  });
  const state = createFaultState();
  const faultRng = seededRng(options.seed);
  const fault = async (op: FaultOp): Promise<void> => {
    history.record({ type: 'invoke', process: 'nemesis', f: op.f, value: op.value });
    history.record({ type: 'info', process: 'nemesis', f: op.f, value: await applyFault(op, cluster, faultRng, state) });
  };
  let pool: ClientPool | null = null;
  try {
    await cluster.start();
    await cluster.waitForLeader(15_000);
    pool = new ClientPool({
      nodeIds: cluster.nodeIds,
      addressOf: (id) => cluster.clientAddress(id),
      concurrency: options.concurrency ?? 9,
      ratePerS: options.ratePerS ?? 200,
      opTimeoutMs: 500,
      seed: options.seed,
      workload,
      workloadOptions: { keys: 1 },
      history,
      leaderHint: () => cluster.leader(),
      nodeAvailable: (id) => cluster.isAvailable(id),
    });
    const running = pool.run();
    for (let round = 0; round < options.rounds; round++) {
      await cluster.waitForLeader(10_000);
      await sleep(500);
      await fault({ f: 'start-clock', value: { kind: 'drift', targets: 'leader', rate: options.rate } });
      await sleep(300);
      await fault({ f: 'start-partition', value: 'isolate-leader' });
      await sleep(2000);
      await fault({ f: 'stop-partition', value: null });
      await fault({ f: 'stop-clock', value: null });
      await sleep(500);
    }
    pool.stop();
    await running;
    await fault({ f: 'heal-all', value: null });
    await cluster.waitForLeader(10_000);
    await pool.finalReads(workload.keys({ keys: 1 }), 5_000, 1_000);
  } finally {
    pool?.close();
    await cluster.stop();
    history.close();
  }
  const linearizability = await checkLinearizability(history.records, workload.model, { timeoutMs: 30_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { linearizability, history: history.records, pids: cluster.allPids() };
}
