// A run of a student's lab Raft (--subject lab-go): build the package with the adapter, start the
// nodes behind the Maelstrom-protocol host (cluster.ts), drive clients on one lin-kv register and
// a nemesis (partition, crash, pause), heal, recover, then check linearizability, the lab's
// invariants from the nodes' event logs (invariants.ts says which apply) and what the adapter
// found by itself (deadlocks, panics). Results go to results/lab-go-<nemesis>-<timestamp>/ as for
// every run: test.json, history.jsonl, results.json, nodes/n<i>/.
import fs from 'node:fs';
import path from 'node:path';
import type { Valid } from '../checker/types.js';
import { UsageError } from '../util/exit-codes.js';
import { checkRun, mergeVerdicts, type RunResults } from './checks/check-run.js';
import { deriveSeed, seededRng, type SeededRng } from '../util/rng.js';
import { HistoryWriter } from '../history/writer.js';
import { createRunDir, updateLatestLink, writeJsonFile, type RunPaths } from '../history/store.js';
import type { OpRecord } from '../history/types.js';
import { drawRegisterOp, REGISTER_KEY } from '../../workloads/register.js';
import { writeReports } from '../report/index.js';
import { buildLabRaft } from '../subjects/lab-go/build.js';
import { LabCluster, type MessageBody } from '../subjects/lab-go/cluster.js';
import { readDeadlocks, readPanics, type LabFinding } from '../subjects/lab-go/findings.js';
import { restrictToLab, type LabInvariantResult } from '../subjects/lab-go/invariants.js';

export const LAB_NEMESES = ['none', 'partition', 'crash', 'pause'] as const;
export type LabNemesis = (typeof LAB_NEMESES)[number];

export interface LabRunOptions {
  readonly labDir: string;
  readonly nodes: number;
  readonly timeLimitS: number;
  readonly concurrency: number;
  readonly rate: number;
  readonly nemesis: readonly LabNemesis[];
  readonly nemesisIntervalS: number;
  readonly seed: number;
  readonly resultsDir: string;
  readonly opTimeoutMs: number;
  readonly recoveryS: number;
  /** false: no index.html. */
  readonly report?: boolean;
  /** Extra LAB_* settings for the adapter (RPC timeout, poll, deadlock bound). */
  readonly nodeEnv?: Readonly<Record<string, string>>;
}

export interface LabRunOutcome {
  readonly valid: Valid;
  readonly run: RunPaths;
  readonly results: LabResults;
  readonly history: readonly OpRecord[];
}

export interface LabResults {
  readonly valid: Valid;
  readonly checkers: Omit<RunResults['checkers'], 'invariants'> & {
    readonly invariants: LabInvariantResult | { readonly valid: 'unknown'; readonly error: string };
    readonly lab: { readonly valid: Valid; readonly findings: readonly LabFinding[]; readonly message: string };
  };
}

/** Parses --nemesis for lab-go: the families the subject can do (no clock: the lab has none). */
export function parseLabNemesis(text: string): LabNemesis[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (n === 'clock') throw new UsageError('--nemesis clock: the lab-go subject has no clock ability (a lab Raft reads the real clock); use partition, crash or pause');
    if (!(LAB_NEMESES as readonly string[]).includes(n)) throw new UsageError(`--nemesis ${n}: unknown for --subject lab-go; use a comma list of ${LAB_NEMESES.join(', ')}`);
  }
  return names.filter((n) => n !== 'none') as LabNemesis[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Shared {
  readonly cluster: LabCluster;
  readonly history: HistoryWriter;
  /** The node that last acknowledged a write (index), the nemesis's guess of the leader. */
  leaderGuess: number | null;
  stopClients: boolean;
  nextProcess: number;
}

function pickNode(rng: SeededRng, s: Shared, preferred: number | null): number {
  if (preferred !== null && s.cluster.isUp(preferred)) return preferred;
  return rng.int(s.cluster.ids.length);
}

/** What a reply means for the history: ok / fail (definite) / info (unknown). */
function outcomeOf(f: string, reply: MessageBody): { type: 'ok' | 'fail' | 'info'; value?: unknown; error?: string } {
  if (reply.type === `${f}_ok`) return { type: 'ok', ...(f === 'read' ? { value: reply.value ?? null } : {}) };
  if (reply.type !== 'error') return { type: 'info', error: `unexpected reply ${reply.type}` };
  switch (reply.code) {
    case 20:
      return f === 'read' ? { type: 'ok', value: null } : { type: 'fail', error: 'key-does-not-exist' };
    case 22:
      return { type: 'fail', error: 'precondition-failed' };
    case 11:
      return { type: 'fail', error: `temporarily-unavailable: ${reply.text ?? ''}` };
    case 0:
      return { type: 'info', error: `timeout: ${reply.text ?? ''}` };
    default:
      return { type: 'info', error: `error ${reply.code}: ${reply.text ?? ''}` };
  }
}

async function clientLoop(s: Shared, worker: number, options: LabRunOptions): Promise<void> {
  const rng = seededRng(deriveSeed(options.seed, `client-${worker}`));
  const periodMs = options.rate > 0 ? (1000 * options.concurrency) / options.rate : 0;
  let process = s.nextProcess++;
  let target: number | null = null;
  await sleep(rng.int(Math.max(1, Math.round(periodMs))));
  while (!s.stopClients) {
    const started = Date.now();
    const op = drawRegisterOp(rng, REGISTER_KEY);
    const node = pickNode(rng, s, target ?? s.leaderGuess);
    s.history.record({ type: 'invoke', process, f: op.f, key: op.key, value: op.value, node: node + 1 });
    const body: Record<string, unknown> = { type: op.f, key: op.key };
    if (op.f === 'write') body['value'] = op.value;
    if (op.f === 'cas') {
      const [from, to] = op.value as readonly [number, number];
      body['from'] = from;
      body['to'] = to;
    }
    const reply = await s.cluster.request(`c${process}`, node, body, options.opTimeoutMs);
    const out = outcomeOf(op.f, reply);
    s.history.record({
      type: out.type,
      process,
      f: op.f,
      key: op.key,
      value: out.type === 'ok' && op.f === 'read' ? out.value : op.value,
      ...(out.error !== undefined ? { error: out.error } : {}),
      node: node + 1,
    });
    if (out.type === 'ok' || out.error === 'precondition-failed' || out.error === 'key-does-not-exist') {
      // Only the leader answers through the log: stay with it.
      target = node;
      s.leaderGuess = node;
    } else {
      // Not the leader, or no answer: try another node next.
      if (s.leaderGuess === node) s.leaderGuess = null;
      target = (node + 1 + rng.int(s.cluster.ids.length - 1)) % s.cluster.ids.length;
    }
    if (out.type === 'info') process = s.nextProcess++;
    const wait = periodMs - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }
}

interface ActiveFault {
  readonly family: LabNemesis;
  readonly nodes: readonly number[];
}

async function startFault(s: Shared, rng: SeededRng, family: LabNemesis): Promise<ActiveFault> {
  const n = s.cluster.ids.length;
  const all = [...Array(n).keys()];
  // Half of the faults hit the node that last acknowledged a write (likely the leader).
  const victim = s.leaderGuess !== null && rng.int(2) === 0 ? s.leaderGuess : rng.int(n);
  switch (family) {
    case 'partition': {
      if (rng.int(2) === 0) {
        s.history.record({ type: 'info', process: 'nemesis', f: 'start-partition', value: 'isolate-one', node: victim + 1 });
        s.cluster.partition([[victim], all.filter((i) => i !== victim)]);
        return { family, nodes: [victim] };
      }
      const shuffle = all.slice().sort(() => rng.next() - 0.5);
      const minority = shuffle.slice(0, Math.floor(n / 2));
      s.history.record({ type: 'info', process: 'nemesis', f: 'start-partition', value: 'random-halves' });
      s.cluster.partition([minority, all.filter((i) => !minority.includes(i))]);
      return { family, nodes: minority };
    }
    case 'crash':
      s.history.record({ type: 'info', process: 'nemesis', f: 'kill', value: 'one', node: victim + 1 });
      await s.cluster.kill(victim);
      return { family, nodes: [victim] };
    case 'pause':
      s.history.record({ type: 'info', process: 'nemesis', f: 'pause', value: 'one', node: victim + 1 });
      s.cluster.pause(victim);
      return { family, nodes: [victim] };
    default:
      throw new Error(`no fault for ${family}`);
  }
}

async function stopFault(s: Shared, fault: ActiveFault): Promise<void> {
  switch (fault.family) {
    case 'partition':
      s.cluster.healNetwork();
      s.history.record({ type: 'info', process: 'nemesis', f: 'stop-partition', value: null });
      return;
    case 'crash':
      for (const i of fault.nodes) await s.cluster.startNode(i);
      s.history.record({ type: 'info', process: 'nemesis', f: 'restart', value: 'all-dead' });
      return;
    case 'pause':
      for (const i of fault.nodes) s.cluster.resume(i);
      s.history.record({ type: 'info', process: 'nemesis', f: 'resume', value: 'all-paused' });
      return;
    default:
      return;
  }
}

async function nemesisLoop(s: Shared, options: LabRunOptions, untilMs: number): Promise<void> {
  if (options.nemesis.length === 0) return;
  const rng = seededRng(deriveSeed(options.seed, 'nemesis'));
  let active: ActiveFault | null = null;
  // The families take turns from a seeded start, so a short run still sees each of them.
  let turn = rng.int(options.nemesis.length);
  for (;;) {
    const wait = Math.min(options.nemesisIntervalS * 1000, untilMs - Date.now());
    if (wait <= 0) break;
    await sleep(wait);
    if (Date.now() >= untilMs) break;
    if (active === null) active = await startFault(s, rng, options.nemesis[turn++ % options.nemesis.length]!);
    else {
      await stopFault(s, active);
      active = null;
    }
  }
  if (active !== null) await stopFault(s, active);
}

async function healAll(s: Shared): Promise<void> {
  s.cluster.healNetwork();
  for (let i = 0; i < s.cluster.ids.length; i++) {
    s.cluster.resume(i);
    if (!s.cluster.isUp(i)) await s.cluster.startNode(i);
  }
  s.history.record({ type: 'info', process: 'nemesis', f: 'heal-all', value: null });
}

/** After the heal: a read through the log must succeed on some node within the recovery bound. */
async function finalRead(s: Shared, options: LabRunOptions): Promise<boolean> {
  const deadline = Date.now() + options.recoveryS * 1000;
  const process = s.nextProcess++;
  while (Date.now() < deadline) {
    for (let i = 0; i < s.cluster.ids.length; i++) {
      s.history.record({ type: 'invoke', process, f: 'read', key: REGISTER_KEY, value: null, node: i + 1 });
      const reply = await s.cluster.request(`c${process}`, i, { type: 'read', key: REGISTER_KEY }, options.opTimeoutMs);
      const out = outcomeOf('read', reply);
      s.history.record({ type: out.type, process, f: 'read', key: REGISTER_KEY, value: out.type === 'ok' ? out.value : null, ...(out.error !== undefined ? { error: out.error } : {}), node: i + 1 });
      if (out.type === 'ok') return true;
      if (out.type === 'info') return finalReadAgain(s, options, deadline);
    }
    await sleep(200);
  }
  return false;
}

async function finalReadAgain(s: Shared, options: LabRunOptions, deadline: number): Promise<boolean> {
  if (Date.now() >= deadline) return false;
  return finalRead(s, { ...options, recoveryS: (deadline - Date.now()) / 1000 });
}

function labFindings(cluster: LabCluster): LabFinding[] {
  const out: LabFinding[] = [];
  for (let i = 0; i < cluster.ids.length; i++) {
    const dir = cluster.nodeDir(i);
    out.push(...readDeadlocks(dir, i + 1), ...readPanics(path.join(dir, 'stderr.log'), i + 1));
    const panicked = out.some((f) => f.node === i + 1 && f.kind === 'panic');
    for (const e of cluster.unexpectedExits(i)) {
      if (!panicked) out.push({ kind: 'exit', node: i + 1, message: `node ${i + 1} exited by itself (code ${e.code}, signal ${e.signal}); see nodes/n${i + 1}/stderr.log` });
    }
  }
  return out;
}

export async function runLabGo(options: LabRunOptions, out: NodeJS.WritableStream = process.stdout): Promise<LabRunOutcome> {
  const startedAt = new Date();
  const nemesisName = options.nemesis.length === 0 ? 'none' : options.nemesis.join(',');
  const run = createRunDir(options.resultsDir, 'lab-go', nemesisName, startedAt);
  const replay = `npx raft-chaos run --subject lab-go --lab-raft ${options.labDir} --nemesis ${nemesisName} --nodes ${options.nodes} --time-limit ${options.timeLimitS} --nemesis-interval ${options.nemesisIntervalS} --concurrency ${options.concurrency} --rate ${options.rate} --op-timeout ${options.opTimeoutMs} --recovery ${options.recoveryS} --seed ${options.seed}`;
  writeJsonFile(run.testFile, { subject: 'lab-go', ...options, labDir: path.resolve(options.labDir), startedAt: startedAt.toISOString(), replay });
  out.write(`lab-go: building ${options.labDir}\n`);
  let build: Awaited<ReturnType<typeof buildLabRaft>>;
  try {
    build = await buildLabRaft({ labDir: options.labDir, buildDir: path.join(run.dir, 'build') });
  } catch (err) {
    // Nothing ran: no run directory is left behind for a folder that does not build.
    fs.rmSync(run.dir, { recursive: true, force: true });
    throw err;
  }
  const startNs = process.hrtime.bigint();
  const epochNs = BigInt(Date.now()) * 1_000_000n;
  const history = new HistoryWriter(run.historyFile, startNs);
  const cluster = new LabCluster({
    binary: build.binary,
    nodesDir: run.nodesDir,
    nodes: options.nodes,
    env: { RAFT_CHAOS_EPOCH_NS: String(epochNs), LAB_OP_TIMEOUT_MS: String(Math.max(100, options.opTimeoutMs - 100)), ...options.nodeEnv },
  });
  const s: Shared = { cluster, history, leaderGuess: null, stopClients: false, nextProcess: 1 };
  let healNs: number | null = null;
  let recovered = false;
  try {
    out.write(`lab-go: ${options.nodes} nodes of ${build.files.join(', ')} (package ${build.packageName}), nemesis ${nemesisName}, ${options.timeLimitS} s, seed ${options.seed}\n`);
    await cluster.start();
    const untilMs = Date.now() + options.timeLimitS * 1000;
    const clients = Array.from({ length: options.concurrency }, (_, w) => clientLoop(s, w, options));
    await nemesisLoop(s, options, untilMs);
    const rest = untilMs - Date.now();
    if (rest > 0) await sleep(rest);
    s.stopClients = true;
    await Promise.all(clients);
    await healAll(s);
    healNs = history.nowNs();
    recovered = await finalRead(s, options);
    // Let followers learn the final commit index from heartbeats before the logs are read.
    await sleep(1500);
  } finally {
    s.stopClients = true;
    await cluster.stop();
    history.close();
  }
  const eventLogs = new Map<number, string>();
  for (let i = 0; i < options.nodes; i++) eventLogs.set(i + 1, path.join(cluster.nodeDir(i), 'events.jsonl'));
  const checked = await checkRun({
    history: history.records,
    model: 'cas-register',
    eventLogs,
    healTimeNs: healNs,
    livenessBoundNs: options.recoveryS * 1e9,
    linearizabilityBudgetMs: 60_000,
  });
  const inv = checked.checkers.invariants;
  const invariants: LabResults['checkers']['invariants'] =
    'error' in inv ? inv : inv.valid === 'not-applicable' || !('violations' in inv) ? { valid: 'unknown', error: 'no event logs were read' } : restrictToLab(inv);
  const findings = labFindings(cluster);
  const labVerdict: Valid = findings.length > 0 ? false : true;
  const results: LabResults = {
    valid: mergeVerdicts([checked.checkers.linearizability.valid, invariants.valid, checked.checkers.perf.valid, labVerdict]),
    checkers: {
      ...checked.checkers,
      invariants,
      lab: {
        valid: labVerdict,
        findings,
        message: findings.length === 0 ? 'no deadlock (GetState always returned) and no node crashed by itself' : findings.map((f) => f.message).join('; '),
      },
    },
  };
  writeJsonFile(run.resultsFile, results);
  updateLatestLink(run);
  if (options.report !== false) {
    try {
      await writeReports(run.dir, run.resultsDir);
    } catch (err) {
      out.write(`lab-go: the HTML report could not be written: ${(err as Error).message}\n`);
    }
  }
  out.write(summarize(results, run, recovered, replay));
  return { valid: results.valid, run, results, history: history.records };
}

function summarize(results: LabResults, run: RunPaths, recovered: boolean, replay: string): string {
  const lines: string[] = [];
  const c = results.checkers;
  lines.push(`lab-go: linearizability ${String(c.linearizability.valid)}, invariants ${String(c.invariants.valid)}, lab findings ${c.lab.findings.length}`);
  if (!recovered) lines.push('  no read succeeded after the final heal within the recovery bound');
  if ('violations' in c.invariants) {
    for (const v of c.invariants.violations.slice(0, 5)) lines.push(`  ${v.invariant}: ${v.message}${v.certain ? '' : ' (uncertain)'}`);
    lines.push(`  not applicable to a lab Raft: ${Object.keys(c.invariants.notApplicable).join(', ')}`);
  }
  for (const f of c.lab.findings.slice(0, 5)) lines.push(`  ${f.kind}: ${f.message}`);
  lines.push(`verdict: ${results.valid === true ? 'valid' : results.valid === false ? 'INVALID' : 'unknown'}   (${run.dir})`);
  lines.push(`replay: ${replay}`);
  return lines.join('\n') + '\n';
}
