// `raft-chaos run --subject maelstrom --bin CMD`: any Maelstrom node under the run's clients,
// nemesis and checkers. Phases as in src/control/run.ts: prepare, start (init every node), run
// (clients + nemesis), heal, final reads, stop, check (linearizability per key and performance;
// the Raft invariants need an event log a Maelstrom node does not write: not applicable).
// A protocol violation by a node stops the run early; what was recorded is still checked, and
// the command then exits 255 naming the violation.
import path from 'node:path';
import type { FaultOp } from '../../plugins.js';
import type { Verdict } from '../../commands/exit-codes.js';
import type { OpRecord } from '../../history/types.js';
import { HistoryWriter } from '../../history/writer.js';
import { createRunDir, updateLatestLink, writeJsonFile, type RunPaths } from '../../history/store.js';
import { applyFault, createFaultState, type FaultState } from '../../faults/apply.js';
import { describeGrudge } from '../../faults/partition.js';
import { lookupWorkload } from '../../../workloads/index.js';
import { combineNemeses, parseNemesisList } from '../../../nemesis/index.js';
import { ProgressDisplay, type ProgressOutput } from '../../control/progress.js';
import { deriveSeed, seededRng } from '../../control/rng.js';
import { reproduceArgv } from '../../control/run-options.js';
import { checkLinearizability } from '../../control/linearizability.js';
import { computePerf } from '../../checker/perf.js';
import { mergeVerdicts } from '../../control/check-run.js';
import { defaultRenderer, installSignalHandlers, RunToolError, runNemesis, sleepUnless } from '../../control/run.js';
import { verdictWord } from '../../control/summary.js';
import { exitCodeFor } from '../../commands/exit-codes.js';
import { describeFinding, type Finding } from './findings.js';
import { HostStartError, MaelstromHost } from './host.js';
import { LinKvClients } from './lin-kv-client.js';
import { describeLatency } from './latency.js';
import { maelstromReproduceArgv, validateMaelstromOptions, type MaelstromRunOptions } from './options.js';
import { durabilityNote } from './durability.js';
import { networkReport } from './network-report.js';
import { shellQuote } from './shell-quote.js';

export interface MaelstromRunIO {
  readonly out: ProgressOutput;
  readonly handleSignals?: boolean;
  readonly abort?: AbortSignal;
  readonly renderReport?: ((runDir: string) => Promise<unknown>) | null;
  /** Bound on each init_ok (default 10 s). */
  readonly initTimeoutMs?: number;
}

export interface MaelstromRunOutcome {
  readonly valid: Verdict;
  readonly run: RunPaths;
  /** The first protocol violation, if a node committed one (the command exits 255). */
  readonly violation: Finding | null;
  readonly findings: readonly Finding[];
  readonly history: readonly OpRecord[];
  readonly pids: readonly number[];
  readonly interrupted: boolean;
}

/** Seconds the nodes get after the heal before the final reads (they have no status to poll). */
const SETTLE_S = 2;
const FINAL_READ_TIMEOUT_MS = 2_000;

export async function runMaelstrom(options: MaelstromRunOptions, io: MaelstromRunIO): Promise<MaelstromRunOutcome> {
  const { argv: bin, faults } = validateMaelstromOptions(options);
  const workload = lookupWorkload(options.workload);
  const nemesis = combineNemeses(parseNemesisList(options.nemesis));

  // 1. prepare
  const startedAt = new Date();
  const run = createRunDir(options.resultsDir, workload.name, options.nemesis, startedAt);
  const startNs = process.hrtime.bigint();
  const history = new HistoryWriter(run.historyFile, startNs);
  const argv = maelstromReproduceArgv(reproduceArgv(options), options);
  const command = `npx raft-chaos ${argv.map(shellQuote).join(' ')}`;
  const nodeIds = Array.from({ length: options.nodes }, (_, i) => i + 1);
  writeJsonFile(run.testFile, {
    name: run.name,
    subject: 'maelstrom',
    bin: options.bin,
    binArgv: bin,
    options,
    seed: options.seed,
    nodeIds,
    nodeNames: nodeIds.map((i) => `n${i - 1}`),
    network: { latency: describeLatency(faults.latency), loss: faults.loss, duplication: faults.duplication },
    startedAt: startedAt.toISOString(),
    runEpochMs: Date.now(),
    argv,
    command,
    nodeVersion: process.version,
  });
  updateLatestLink(run);

  let phase = 'start';
  let interrupted = false;
  const stopping = new AbortController();
  const onAbort = (): void => {
    interrupted = true;
    stopping.abort();
  };
  io.abort?.addEventListener('abort', onAbort, { once: true });

  const host = new MaelstromHost({
    argv: bin,
    nodeCount: options.nodes,
    nodesDir: path.join(run.dir, 'nodes'),
    rng: seededRng(deriveSeed(options.seed, 'network')),
    nowS: () => history.nowNs() / 1e9,
    ...(io.initTimeoutMs !== undefined ? { initTimeoutMs: io.initTimeoutMs } : {}),
  });
  host.network.setFaults(faults);
  const faultState: FaultState = createFaultState();
  let clients: LinKvClients | null = null;
  const progress = new ProgressDisplay(io.out, () => ({
    phase,
    elapsedS: (Date.now() - startMs) / 1000,
    ok: clients?.counts.ok ?? 0,
    fail: clients?.counts.fail ?? 0,
    info: clients?.counts.info ?? 0,
    faults: describeFaults(faultState),
    leader: null,
  }));
  host.findings.onFinding = (f) => {
    progress.message(`${f.violation ? 'protocol violation' : 'finding'}: ${describeFinding(f)}`);
    if (f.violation) stopping.abort();
  };
  host.onUnexpectedExit = (node) => {
    // The nemesis's restart (and the final heal) bring it back, as after a crash.
    faultState.dead.add(node);
    faultState.paused.delete(node);
  };
  const startMs = Date.now();
  const signalCleanup = io.handleSignals ? installSignalHandlers(onAbort, (text) => progress.message(text)) : () => undefined;
  io.out.write(`raft-chaos run: ${run.dir}\n  subject maelstrom: ${bin.join(' ')}\n  seed ${options.seed}; replay: ${command}\n`);

  let healTimeNs: number | null = null;
  let toolError: Error | null = null;
  try {
    // 2. start
    progress.start();
    await host.start();

    // 3. run
    if (!stopping.signal.aborted) {
      phase = 'run';
      progress.draw(true);
      clients = new LinKvClients({
        host,
        history,
        workload,
        workloadOptions: { keys: options.keys },
        concurrency: options.concurrency,
        ratePerS: options.rate,
        opTimeoutMs: options.opTimeoutMs,
        seed: options.seed,
      });
      const clientsDone = clients.run();
      const nemesisDone = runNemesis(nemesis, options, host, faultState, history, stopping.signal, (text) => progress.message(text));
      await sleepUnless(options.timeLimitS * 1000, stopping.signal);
      clients.stop();
      await Promise.all([clientsDone, nemesisDone.stop()]);
    }

    // 4. heal
    phase = 'heal';
    progress.draw(true);
    const heal: FaultOp = { f: 'heal-all', value: null };
    history.record({ type: 'invoke', process: 'nemesis', f: heal.f, value: heal.value });
    try {
      const healed = await applyFault(heal, host, seededRng(deriveSeed(options.seed, 'heal')), faultState);
      history.record({ type: 'info', process: 'nemesis', f: heal.f, value: healed });
    } catch (err) {
      history.record({ type: 'info', process: 'nemesis', f: heal.f, value: null, error: (err as Error).message });
    }
    healTimeNs = history.nowNs();

    // 5./6. settle, final reads (skipped once the run was stopped early)
    if (!stopping.signal.aborted && clients !== null) {
      phase = 'final';
      progress.draw(true);
      await sleepUnless(Math.min(SETTLE_S, options.recoveryS) * 1000, stopping.signal);
      const reads = await clients.finalReads(workload.keys({ keys: options.keys }), options.recoveryS * 1000, FINAL_READ_TIMEOUT_MS);
      const missing = [...reads].filter(([, o]) => o !== 'ok').map(([key]) => key);
      if (missing.length > 0) progress.message(`warning: no final read succeeded for key(s) ${missing.join(', ')}`);
    }
  } catch (err) {
    toolError = err instanceof Error ? err : new Error(String(err));
  } finally {
    // 7. stop
    phase = 'stop';
    clients?.stop();
    await host.stop();
    progress.stop();
    history.close();
    signalCleanup();
    io.abort?.removeEventListener('abort', onAbort);
  }

  const restarted = [...host.startCounts()].filter(([, n]) => n > 1).map(([id]) => host.nameOf(id));
  const durability = durabilityNote(new Map(host.nodeIds.map((id) => [host.nameOf(id), host.cwdOf(id)])), restarted);
  const durationS = (Date.now() - startMs) / 1000;
  const subject = {
    name: 'maelstrom',
    bin: options.bin,
    findings: host.findings.findings,
    findingsSuppressed: Object.fromEntries(host.findings.suppressed),
    network: networkReport(host, durationS),
    durability,
    abilities: { kill: true, restart: true, pause: true, clock: false, status: false, eventLog: false },
    pids: host.allPids(),
  };
  const violation = host.findings.firstViolation();

  if (toolError instanceof HostStartError || (toolError !== null && history.records.length === 0)) {
    writeJsonFile(run.resultsFile, { valid: 'unknown', error: toolError.message, checkers: {}, subject });
    throw new RunToolError(toolError.message, run, { cause: toolError });
  }
  if (toolError !== null) io.out.write(`error during the run (checking what was recorded): ${toolError.message}\n`);

  // 8. check
  phase = 'check';
  io.out.write('checking...\n');
  const linearizability = await guarded(() =>
    checkLinearizability(history.records, workload.model, { timeoutMs: Math.max(30_000, options.timeLimitS * 2000) }),
  );
  const perf = await guarded(async () => ({ ...computePerf(history.records, {}), valid: true as Verdict }));
  const valid = mergeVerdicts([linearizability.valid, perf.valid]);
  const counts = clients?.counts ?? { ok: 0, fail: 0, info: 0 };
  writeJsonFile(run.resultsFile, {
    valid,
    checkers: { linearizability, perf },
    notApplicable: { invariants: 'a Maelstrom node writes no Raft event log' },
    subject,
    run: {
      name: run.name,
      seed: options.seed,
      interrupted,
      ...(toolError !== null ? { error: toolError.message } : {}),
      ...(violation !== null ? { violation: describeFinding(violation) } : {}),
      ops: counts,
      durationS,
      healTimeNs,
    },
  });
  if (io.renderReport !== null) {
    try {
      const render = io.renderReport ?? (await defaultRenderer());
      if (render !== null) await render(run.dir);
    } catch (err) {
      io.out.write(`warning: the report could not be rendered: ${(err as Error).message}\n`);
    }
  }
  io.out.write(summary(run, command, valid, counts, linearizability, subject.findings, durability.note, subject.network.summary, violation));
  return { valid, run, violation, findings: host.findings.findings, history: history.records, pids: host.allPids(), interrupted };
}

async function guarded<T extends { valid: Verdict }>(fn: () => Promise<T>): Promise<T | { valid: 'unknown'; error: string }> {
  try {
    return await fn();
  } catch (err) {
    return { valid: 'unknown', error: err instanceof Error ? err.message : String(err) };
  }
}

function describeFaults(state: FaultState): string {
  const parts: string[] = [];
  if (state.grudge.size > 0) parts.push(`partition ${describeGrudge(state.grudge)}`);
  if (state.dead.size > 0) parts.push(`dead ${[...state.dead].map((n) => `n${n - 1}`).join(',')}`);
  if (state.paused.size > 0) parts.push(`paused ${[...state.paused].map((n) => `n${n - 1}`).join(',')}`);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

function summary(
  run: RunPaths,
  command: string,
  valid: Verdict,
  counts: { ok: number; fail: number; info: number },
  lin: { readonly valid: Verdict; readonly error?: unknown },
  findings: readonly Finding[],
  durability: string,
  network: string,
  violation: Finding | null,
): string {
  const lines = ['', `run ${run.name} (subject maelstrom)`, `  ops: ${counts.ok} ok, ${counts.fail} fail, ${counts.info} info`];
  lines.push(`  linearizability  ${verdictWord(lin.valid)}${typeof lin.error === 'string' ? ` ${lin.error.split('\n')[0]}` : ''}`);
  lines.push('  invariants       n/a (a Maelstrom node writes no Raft event log)');
  lines.push(`  network          ${network}`);
  lines.push(`  durability       ${durability}`);
  lines.push(`  findings         ${findings.length === 0 ? 'none' : findings.length}`);
  for (const f of findings.slice(0, 5)) lines.push(`    - ${describeFinding(f)}`);
  lines.push(`  results: ${run.dir}`);
  lines.push(`  replay:  ${command}`);
  if (violation !== null) lines.push(`verdict: protocol violation (exit 255): ${describeFinding(violation)}`);
  else lines.push(`verdict: ${verdictWord(valid)} (exit ${exitCodeFor(valid)})`);
  return `${lines.join('\n')}\n`;
}
