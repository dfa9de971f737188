// Invariant checker and performance statistics at run scale: 5 nodes x 200,000 event records
// written as events.jsonl, read back and checked (target: a couple of seconds in all), and the
// performance statistics of a 200,000-operation history.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInvariants, readEventLogs } from '../src/checker/invariants/index.js';
import { seededRandom, synthesizeLogs } from '../test/fixtures/synthetic/event-logs.js';
import { computePerf } from '../src/checker/perf/index.js';
import type { OpRecord } from '../src/history/types.js';

const NODES = 5;
const RECORDS_PER_NODE = 200_000;

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'raft-chaos-bench-invariants-'));
  try {
    const { logs, healTimeNs } = synthesizeLogs({
      seed: 1,
      nodes: NODES,
      records: NODES * RECORDS_PER_NODE,
      snapshotEvery: 1000,
      crashes: true,
    });
    const paths = new Map<number, string>();
    for (const [node, events] of logs) {
      const path = join(dir, `n${node}.jsonl`);
      writeFileSync(path, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
      paths.set(node, path);
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const read = await readEventLogs(paths);
    const t1 = performance.now();
    const result = checkInvariants(read.logs, { healTimeNs, livenessBoundNs: 10e9 });
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const records = result.stats.records;
    console.log(
      `invariants: ${NODES} nodes, ${records} records (${result.stats.elections} elections): ` +
        `read ${(t1 - t0).toFixed(0)} ms, check ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms ` +
        `(${((records / (t2 - t0)) * 1000).toFixed(0)} records/s; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), valid=${String(result.valid)}`,
    );
    if (result.valid !== true) throw new Error(`bench logs should be valid: ${JSON.stringify(result.violations[0])}`);

    const history = syntheticHistory(200_000);
    const cpu3 = process.cpuUsage();
    const t3 = performance.now();
    const perf = computePerf(history, { leaders: result.stats.leaders });
    const t4 = performance.now();
    const perfCpu = process.cpuUsage(cpu3);
    console.log(
      `perf: ${perf.ops.invoked} operations, ${perf.faults.length} fault windows: ${(t4 - t3).toFixed(0)} ms ` +
        `(CPU ${((perfCpu.user + perfCpu.system) / 1000).toFixed(0)} ms) ` +
        `(p99 ${perf.overall.latencyMs.p99?.toFixed(1)} ms, availability ${perf.availability.overall.fraction?.toFixed(3)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 10 processes, each invoking its next operation after a short think time; a partition for 1 s
 * out of every 3 s, during which latencies are longer and some operations time out. */
function syntheticHistory(ops: number): OpRecord[] {
  const rnd = seededRandom(7);
  const PROCESSES = 10;
  const raw: Omit<OpRecord, 'index'>[] = [];
  const clocks = new Array<number>(PROCESSES).fill(0);
  const partitioned = (timeNs: number): boolean => Math.floor(timeNs / 1e9) % 3 === 1;
  for (let k = 0; k < ops; k++) {
    const p = k % PROCESSES;
    const invokeNs = clocks[p]! + Math.floor(rnd() * 200_000);
    const faulty = partitioned(invokeNs);
    const latencyNs = Math.floor(rnd() * (faulty ? 50e6 : 5e6));
    const f = rnd() < 0.5 ? 'read' : 'write';
    const type = faulty && rnd() < 0.3 ? 'info' : 'ok';
    raw.push({ type: 'invoke', process: p, f, value: null, time: invokeNs });
    raw.push({ type, process: p, f, value: null, time: invokeNs + latencyNs });
    clocks[p] = invokeNs + latencyNs;
  }
  const endNs = Math.max(...clocks);
  for (let second = 1; second * 1e9 < endNs; second += 3) {
    raw.push({ type: 'info', process: 'nemesis', f: 'start-partition', value: 'random-halves', time: second * 1e9 });
    raw.push({ type: 'info', process: 'nemesis', f: 'stop-partition', value: null, time: (second + 1) * 1e9 });
  }
  raw.sort((a, b) => a.time - b.time);
  return raw.map((r, index) => ({ index, ...r }));
}
