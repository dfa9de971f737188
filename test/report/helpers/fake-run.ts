// A generator of synthetic run directories (DESIGN.md §2 layout) for the report's tests: clients
// with realistic latencies, a nemesis cycling through fault families, node event logs with
// elections, and results.json with an optional linearizability counterexample and invariant
// violation. Seeded, so a failing test names the run it saw.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpRecord } from '../../../src/history/types.js';
import type { NodeEvent } from '../../../src/history/events.js';

export interface FakeRunOptions {
  readonly seed?: number;
  readonly ops?: number;
  readonly concurrency?: number;
  readonly nodes?: number;
  /** Run length in seconds (history time). */
  readonly durationS?: number;
  readonly faults?: boolean;
  /** Make the run invalid: a counterexample and an election-safety violation. */
  readonly invalid?: boolean;
  /** Files to leave out, e.g. ['results.json'] or ['nodes']. */
  readonly omit?: readonly string[];
  readonly name?: string;
  /** Number of keys (k0, k1, ...); 1 (the default) uses the single key "r". */
  readonly keys?: number;
}

export { seededRandom as mulberry32 } from '../../fixtures/synthetic/histories.js';
import { seededRandom as mulberry32 } from '../../fixtures/synthetic/histories.js';

interface Window {
  family: string;
  fromNs: number;
  toNs: number;
  nodes: number[];
}

export interface FakeRun {
  readonly dir: string;
  readonly history: OpRecord[];
  readonly events: NodeEvent[];
  readonly windows: Window[];
}

const S = 1e9;

export async function writeFakeRun(parent: string, options: FakeRunOptions = {}): Promise<FakeRun> {
  const seed = options.seed ?? 1;
  const rnd = mulberry32(seed);
  const opsWanted = options.ops ?? 400;
  const concurrency = options.concurrency ?? 5;
  const nodeCount = options.nodes ?? 5;
  const durationNs = (options.durationS ?? 30) * S;
  const name = options.name ?? `register-partition-${seed}-${options.invalid ? 'bad' : 'good'}`;
  const dir = join(parent, name);
  const omit = new Set(options.omit ?? []);

  // ---- fault schedule: 3 s healthy, 3 s faulty, cycling families
  const families = ['partition', 'crash', 'pause', 'clock'];
  const windows: Window[] = [];
  if (options.faults !== false) {
    let t = 3 * S;
    let k = 0;
    while (t + 3 * S < durationNs) {
      const family = families[k % families.length]!;
      windows.push({ family, fromNs: t, toNs: t + 3 * S, nodes: [1 + (k % nodeCount)] });
      t += 6 * S;
      k += 1;
    }
  }
  const faultAt = (ns: number): Window | undefined => windows.find((w) => w.fromNs <= ns && ns < w.toNs);

  // ---- client operations
  const history: OpRecord[] = [];
  const recs: Omit<OpRecord, 'index'>[] = [];
  const perProcess = Math.ceil(opsWanted / concurrency);
  const gapNs = durationNs / perProcess;
  let made = 0;
  for (let slot = 0; slot < concurrency; slot++) {
    let proc = slot;
    let t = rnd() * gapNs;
    for (let i = 0; i < perProcess && made < opsWanted; i++, made++) {
      const r = rnd();
      const f = r < 0.5 ? 'read' : r < 0.8 ? 'write' : 'cas';
      const value = f === 'read' ? null : f === 'write' ? Math.floor(rnd() * 5) : [Math.floor(rnd() * 5), Math.floor(rnd() * 5)];
      const key = (options.keys ?? 1) > 1 ? `k${Math.floor(rnd() * options.keys!)}` : 'r';
      const fault = faultAt(t);
      let latency = (1 + 8 * rnd() ** 3) * 1e6;
      let type: 'ok' | 'fail' | 'info' = 'ok';
      let error: string | undefined;
      if (fault && (fault.family === 'partition' || fault.family === 'crash') && rnd() < 0.3) {
        if (rnd() < 0.5) { type = 'fail'; error = 'not-leader'; latency = (0.5 + rnd()) * 1e6; }
        else { type = 'info'; error = 'timeout'; latency = 500e6; }
      } else if (fault?.family === 'pause' && rnd() < 0.2) latency *= 20;
      const start = Math.floor(t);
      const end = Math.min(Math.floor(t + latency), durationNs);
      recs.push({ type: 'invoke', process: proc, f, key, value, time: start });
      recs.push({ type, process: proc, f, key, value: type === 'ok' && f === 'read' ? Math.floor(rnd() * 5) : value, time: end, ...(error ? { error } : {}), node: 1 + Math.floor(rnd() * nodeCount) });
      if (type === 'info') proc += concurrency;
      t = Math.min(end + gapNs * (0.5 + rnd()) - latency, durationNs - 1e6);
      if (t < end) t = end + 1e5;
    }
  }
  // ---- nemesis records
  const names: Record<string, [string, unknown, string, unknown]> = {
    partition: ['start-partition', 'majorities-ring', 'stop-partition', null],
    crash: ['kill', 'one', 'restart', 'all-dead'],
    pause: ['pause', 'one', 'resume', 'all-paused'],
    clock: ['start-clock', { kind: 'bump', targets: 'one', offsetMs: 250 }, 'stop-clock', null],
  };
  for (const w of windows) {
    const [startF, startV, stopF, stopV] = names[w.family]!;
    recs.push({ type: 'invoke', process: 'nemesis', f: startF, value: startV, time: w.fromNs });
    recs.push({ type: 'info', process: 'nemesis', f: startF, value: { nodes: w.nodes }, time: w.fromNs + 1e6 });
    recs.push({ type: 'invoke', process: 'nemesis', f: stopF, value: stopV, time: w.toNs });
    recs.push({ type: 'info', process: 'nemesis', f: stopF, value: { nodes: w.nodes }, time: w.toNs + 1e6 });
  }
  recs.sort((a, b) => a.time - b.time);
  recs.forEach((r, index) => history.push({ ...r, index } as OpRecord));

  // ---- node events: boot, an election at the start and after each fault
  const events: NodeEvent[] = [];
  for (let n = 1; n <= nodeCount; n++) events.push({ node: n, time: 0, kind: 'boot', term: 0, votedFor: null, commit: 0, lastIndex: 0, snapshotIndex: 0 });
  let term = 0;
  const elect = (atNs: number, leader: number): void => {
    term += 1;
    for (let n = 1; n <= nodeCount; n++) {
      events.push({ node: n, time: atNs, kind: 'term', term });
      events.push({ node: n, time: atNs + 1e5, kind: 'role', role: n === leader ? 'leader' : 'follower', term, leader });
    }
  };
  elect(0.2 * S, 1);
  windows.forEach((w, k) => {
    const leader = 1 + ((k + 1) % nodeCount);
    elect(w.fromNs + 0.4 * S, leader);
    if (w.family === 'crash') for (const n of w.nodes) events.push({ node: n, time: w.toNs + 2e6, kind: 'boot', term, votedFor: null, commit: 0, lastIndex: 0, snapshotIndex: 0 });
  });
  if (options.invalid) {
    // Two leaders in one term: node 2 also claims the current term at 60 % of the run.
    const at = Math.floor(durationNs * 0.6);
    events.push({ node: 2, time: at, kind: 'role', role: 'leader', term, leader: 2 });
  }
  events.sort((a, b) => a.time - b.time);

  // ---- files
  await mkdir(join(dir), { recursive: true });
  const test = { name, workload: 'register', nemesis: options.faults === false ? 'none' : 'partition,crash,pause,clock', nodes: nodeCount, concurrency, timeLimitS: durationNs / S, seed, startedAt: new Date(Date.UTC(2026, 10, 25, 12, 0, seed % 60)).toISOString() };
  if (!omit.has('test.json')) await writeFile(join(dir, 'test.json'), JSON.stringify(test, null, 2));
  if (!omit.has('history.jsonl')) await writeFile(join(dir, 'history.jsonl'), history.map((r) => JSON.stringify(r)).join('\n') + '\n');
  if (!omit.has('nodes')) {
    for (let n = 1; n <= nodeCount; n++) {
      const nd = join(dir, 'nodes', `n${n}`);
      await mkdir(nd, { recursive: true });
      await writeFile(join(nd, 'stdout'), `node ${n} started\n`);
      await writeFile(join(nd, 'stderr'), '');
      await writeFile(join(nd, 'events.jsonl'), events.filter((e) => e.node === n).map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
  }
  if (!omit.has('results.json')) {
    const clientOps = history.filter((r) => r.type === 'invoke' && r.process !== 'nemesis').length;
    const lin: Record<string, unknown> = { valid: !options.invalid, ms: 12, model: 'cas-register', operations: clientOps, partitions: [{ key: (options.keys ?? 1) > 1 ? 'k1' : 'r', valid: !options.invalid, operations: clientOps, ms: 12 }], mode: 'in-process' };
    if (options.invalid) {
      lin['counterexample'] = [{
        key: (options.keys ?? 1) > 1 ? 'k1' : 'r', model: 'cas-register',
        operations: [
          { id: 0, process: 0, call: 0, return: 2e6, text: 'write(1) -> ok' },
          { id: 1, process: 1, call: 1e6, return: 3e6, text: 'write(2) -> ok' },
          { id: 2, process: 2, call: 4e6, return: 5e6, text: 'read() -> 2' },
          { id: 3, process: 0, call: 6e6, return: 7e6, text: 'read() -> 1' },
          { id: 4, process: 3, call: 5.5e6, return: null, text: 'cas(2, 3) -> unknown' },
        ],
        longestPrefix: [{ op: 0, stateAfter: '1' }, { op: 1, stateAfter: '2' }, { op: 2, stateAfter: '2' }],
        stateAtFailure: '2', couldNotPlace: [3], blockingOp: 3,
      }];
    }
    const violations = options.invalid
      ? [{ invariant: 'election-safety', message: `two leaders in term ${term}: n${1 + (windows.length % nodeCount)} and n2`, time: Math.floor(durationNs * 0.6), events: events.filter((e) => e.kind === 'role' && e.role === 'leader' && e.term === term) }]
      : [];
    const results = {
      valid: !options.invalid,
      linearizability: lin,
      invariants: { valid: !options.invalid, violations, stats: { leaders: [] } },
      perf: { valid: true, opsPerS: clientOps / (durationNs / S) },
    };
    await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  }
  return { dir, history, events, windows };
}
