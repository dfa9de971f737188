// Simulator speed: virtual seconds per wall second for a 5-node cluster with 10 clients issuing
// 100 operations per virtual second in total, default timeouts, no faults, event logs recorded
// (as in the sweep). Target: at least 200x real time.
import { createRng } from '../src/raft/index.js';
import { DEFAULT_CLIENTS, SimClients } from '../src/sim/clients.js';
import { SimCluster, clusterOptions } from '../src/sim/cluster.js';
import { HistoryRecorder } from '../src/sim/history-recorder.js';
import { deriveSeed } from '../src/sim/seeds.js';

const TARGET_X = 200;

interface Outcome {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly ops: number;
  readonly messages: number;
}

function runOnce(seed: number, virtualS: number, recordEvents: boolean): Outcome {
  const cluster = new SimCluster(clusterOptions({ seed, nodes: 5, recordEvents }));
  const history = new HistoryRecorder(() => cluster.nowNs());
  const clients = new SimClients(cluster, history, createRng(deriveSeed(seed, 'clients')), {
    ...DEFAULT_CLIENTS,
    count: 10,
    opsPerSecond: 100,
  });
  clients.start();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  cluster.runForUs(virtualS * 1_000_000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - started;
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ops: clients.stats.invoked, messages: cluster.network.stats.sent };
}

export async function main(): Promise<void> {
  runOnce(999, 30, true); // warm up the JIT
  const virtualS = 300;
  for (const recordEvents of [true, false]) {
    const r = runOnce(1, virtualS, recordEvents);
    const x = (virtualS * 1000) / r.wallMs;
    const xCpu = (virtualS * 1000) / r.cpuMs;
    const label = recordEvents ? 'with node event logs (as the sweep)' : 'without event logs';
    console.log(
      `sim ${label}: 5 nodes, 10 clients, ${(r.ops / virtualS).toFixed(0)} ops and ${(r.messages / virtualS).toFixed(0)} messages per virtual s`,
    );
    console.log(
      `  ${virtualS} virtual s in ${(r.wallMs / 1000).toFixed(2)} wall s = ${x.toFixed(0)}x real time ` +
        `(${xCpu.toFixed(0)}x per CPU second; target >= ${TARGET_X}x)`,
    );
  }
  const load = (await import('node:os')).loadavg()[0]!;
  console.log(`  machine load average ${load.toFixed(1)} (wall figures shrink when other processes share the cores)`);
}
