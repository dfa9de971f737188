// The wall-time interpreter of a test record (test-record.ts): a real run. Phases, in order:
//   1. prepare  -- the subject's build steps (Subject.prepare), then the run directory, test.json (every option, the seed, the replay command), history.jsonl
//   2. start    -- the network, the subject's nodes, wait (bounded) for a leader if it reports status
//   3. run      -- clients and nemesis for --time-limit (or until interrupted)
//   4. heal     -- heal every fault (recorded as heal-all)
//   5. recover  -- wait (bounded) for a leader and for every node to apply what the leader committed
//   6. final    -- a final read of every key
//   7. stop     -- graceful stop of every node
//   8. check    -- linearizability per key, invariants from events.jsonl (if the subject keeps an
//                  event log; else "not applicable"; those it cannot show are not applicable
//                  too), perf, the subject's own findings (if it looks); results.json; report
// The subject (src/subjects) is what runs the nodes; the runner only uses its seam (types.ts).
// Ctrl-C during 2-6 skips to heal (if the cluster runs), stop and check: what was recorded is kept,
// and liveness is reported not applicable (the nodes were not given their recovery time). A second
// Ctrl-C kills every node at once and checks what was recorded; a third gives up the check
// (signal-stages.ts). results.json is written in every case.
import type { Workload } from '../../plugins.js';
import type { Valid } from '../../checker/types.js';
import type { OpRecord } from '../../history/types.js';
import { HistoryWriter } from '../../history/writer.js';
import { createRunDir, nodePaths, updateLatestLink, writeJsonFile, type RunPaths } from '../../history/store.js';
import { createFaultState, type FaultState } from '../../faults/apply.js';
import { describeGrudge } from '../../faults/partition.js';
import { ClientPool } from '../clients/client-pool.js';
import type { NodeCommand } from '../../subjects/process/node-process.js';
import type { NodeSettings } from '../../subjects/raft-chaos/node-settings.js';
import type { AddressedNetwork, ClusterPlan, Network, Subject, SubjectCluster, SubjectOption } from '../../subjects/types.js';
import { DEFAULT_SUBJECT, lookupSubject, refusal } from '../../subjects/index.js';
import { checkRunNetwork, openRunNetwork, writeNetworkDetails } from './run-network.js';
import fs from 'node:fs';
import { subjectExecutor } from './subject-executor.js';
import { runFinal, runNemesisLoop } from './nemesis-loop.js';
import { UsageError } from '../../util/exit-codes.js';
import { ProgressDisplay, type ProgressOutput } from './progress.js';
import { deriveSeed, seededRng } from '../../util/rng.js';
import { reproduceArgv, RUN_DEFAULTS, validateRunOptions, type RunOptions } from './run-options.js';
import { checkRun, type RunResults } from '../checks/check-run.js';
import { formatSummary } from './summary.js';
import { catalogueScenarioOf, realRunRecord, runNemesisOf, type RealRecord } from './test-record.js';
import { killAllChildren } from '../../subjects/process/reaper.js';
import { LOOP_TICK_MS, SignalStages } from './signal-stages.js';
import { prepareResultsDir } from './results-dir.js';
import { raftChaosCommand } from '../../history/shell-quote.js';
import { sleepUnless } from './abortable-sleep.js';
import { realRunTicks } from '../../bugs/scenarios/spec.js';
import { DEFAULT_LEADERLESS_BOUND_NS } from '../../checker/invariants/leaderless-majority.js';
import { judgesFaultPhaseLiveness } from '../checks/fault-phase-liveness.js';

export interface RunIO {
  /** Progress and summary (usually process.stdout). */
  readonly out: ProgressOutput;
  /** Handle SIGINT / SIGTERM / SIGHUP: stop cleanly, check what was recorded (the CLI sets it). */
  readonly handleSignals?: boolean;
  /** Stop the run early (tests; the signal handlers use it too). */
  readonly abort?: AbortSignal;
  /** Start nodes with this command instead of `node dist/src/node/main.js` (tests). */
  readonly command?: NodeCommand;
  /** Override node timing (tests, bench). */
  readonly settings?: Partial<NodeSettings>;
  /** Run this subject instead of the one options.subject names (tests bring their own). */
  readonly subject?: Subject;
  /** Called after the report is checked, to render index.html; null skips it. */
  readonly renderReport?: ((runDir: string) => Promise<unknown>) | null;
}

export interface RunOutcome {
  readonly valid: Valid;
  readonly run: RunPaths;
  readonly results: RunResults;
  readonly interrupted: boolean;
  readonly history: readonly OpRecord[];
  /** Every node pid this run started (all gone when runTest returns). */
  readonly pids: readonly number[];
}

/** The cluster could not be started or never elected a leader: exit 255 after cleaning up. */
export class RunToolError extends Error {
  override name = 'RunToolError';
  constructor(
    message: string,
    readonly run: RunPaths,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The linearizability budget after a second signal: the user wants the run over. */
const HURRIED_CHECK_BUDGET_MS = 5_000;
/** How long a third signal waits for the page before exiting. */
const ABANDON_RENDER_MS = 2_000;

type Phase = 'start' | 'run' | 'heal' | 'recover' | 'final' | 'stop' | 'check' | 'done';

/** The subject a run uses, refused (UsageError, exit 254) when it cannot do what the options ask. */
export function resolveSubject(options: RunOptions, given?: Subject): Subject {
  const subject = given ?? lookupSubject(options.subject ?? DEFAULT_SUBJECT);
  const nonDefault: { option: SubjectOption; flag: string; defaultText: string }[] = [];
  if (options.readMode !== RUN_DEFAULTS.readMode) nonDefault.push({ option: 'read-mode', flag: `--read-mode ${options.readMode}`, defaultText: RUN_DEFAULTS.readMode });
  if (options.bugs.length > 0) nonDefault.push({ option: 'bug', flag: `--bug ${options.bugs.join(' --bug ')}`, defaultText: 'no --bug' });
  if (options.preVote === false) nonDefault.push({ option: 'pre-vote', flag: '--pre-vote false', defaultText: 'true' });
  if (options.checkQuorum === false) nonDefault.push({ option: 'check-quorum', flag: '--check-quorum false', defaultText: 'true' });
  const nemesis = runNemesisOf(options, subject);
  const why = refusal(subject, nemesis, nonDefault);
  if (why !== null) throw new UsageError(why);
  const reactive = nemesis.generator({ intervalS: options.nemesisIntervalS, nodes: options.nodes }).reactive;
  if (reactive && !subject.abilities.includes('status')) {
    throw new UsageError(
      `subject ${subject.name} has no status ability, so it cannot run ${options.scenario !== undefined ? `--scenario ${options.scenario}` : `--nemesis ${options.nemesis}`} (its generator waits on the cluster's state); use --nemesis ${options.nemesis === 'none' ? 'partition' : options.nemesis} or --subject ${DEFAULT_SUBJECT}`,
    );
  }
  return subject;
}

/**
 * `raft-chaos run`: validate the options, build the test record, run it. A --scenario's tick counts
 * (realRunTicks) are the nodes' timing, under the test-only io.settings.
 */
export async function runTest(options: RunOptions, io: RunIO): Promise<RunOutcome> {
  validateRunOptions(options);
  const subject = resolveSubject(options, io.subject);
  const scenario = catalogueScenarioOf(options, subject);
  // A scenario that replicates one entry per append (figure-8) gets that on real nodes too.
  const perAppend = scenario?.raft.maxEntriesPerAppend;
  const settings: Partial<NodeSettings> = {
    ...(scenario !== null ? realRunTicks(scenario) : {}),
    ...(perAppend !== undefined ? { maxEntriesPerAppend: perAppend } : {}),
    ...io.settings,
  };
  return runRecord(realRunRecord(options, subject, { ...(io.command !== undefined ? { command: io.command } : {}), ...(Object.keys(settings).length > 0 ? { settings } : {}) }), io);
}

/** The wall-time interpreter of a test record. */
export async function runRecord(record: RealRecord, io: RunIO): Promise<RunOutcome> {
  const { options, nodeIds } = record;
  const { system: subject, protocol, tuning } = record.subject;
  const workload: Workload = record.workload.generator;
  // Before anything of the run exists: can this machine make the network (--net)? Then the
  // subject's build steps and binary checks: input that cannot be built (UsageError, exit 254)
  // leaves nothing behind.
  const checkedNet = await checkRunNetwork(options, subject);
  // A SubjectError (a missing binary) is the tool's failure: it is reported like a failed start,
  // with the run directory kept (below); only bad input (UsageError) leaves nothing behind.
  let prepareError: unknown = null;
  try {
    await subject.prepare?.();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    prepareError = err;
  }
  const settings = subject.settings?.(protocol, tuning) ?? null;

  // 1. prepare
  const startedAt = new Date();
  prepareResultsDir(options.resultsDir);
  let run: RunPaths;
  try {
    run = createRunDir(options.resultsDir, workload.name, record.nemesis.name, startedAt);
  } catch (err) {
    throw new UsageError(`--results-dir ${options.resultsDir}: cannot create a run directory there: ${(err as Error).message}`);
  }
  const startNs = process.hrtime.bigint();
  const runEpochMs = Date.now();
  const history = new HistoryWriter(run.historyFile, startNs);
  // The replay names the network chosen when --net was not given (a subject's preferred one).
  const ranOptions: RunOptions = options.net === undefined ? { ...options, net: checkedNet.choice.net } : options;
  const argv = reproduceArgv(ranOptions);
  writeJsonFile(run.testFile, {
    name: run.name,
    options,
    seed: options.seed,
    nodeIds,
    subject: subject.name,
    network: subject.ownNetwork ? record.network : checkedNet.choice.net,
    nodeSettings: settings,
    startedAt: startedAt.toISOString(),
    runEpochMs,
    argv,
    command: raftChaosCommand(argv),
    nodeVersion: process.version,
  });
  updateLatestLink(run);

  let phase: Phase = 'start';
  let interrupted = false;
  let stopCause = '';
  /** A second signal: the nodes are SIGKILLed, heal and graceful stop are skipped. */
  let hurried = false;
  let resultsWritten = false;
  const stopping = new AbortController();
  const stop = (cause: string): void => {
    if (!interrupted) stopCause = cause;
    interrupted = true;
    stopping.abort();
  };
  const onAbort = (): void => stop('stop requested');
  io.abort?.addEventListener('abort', onAbort, { once: true });

  let cluster: SubjectCluster;
  let network: Network;
  let ownedNetwork: AddressedNetwork | null = null;
  try {
    ownedNetwork = subject.ownNetwork ? null : await openRunNetwork(checkedNet, nodeIds, run.dir, record.seed);
    if (ownedNetwork !== null) {
      // What the network is and how it makes its faults (a netns run says how latency is made).
      writeNetworkDetails(run.testFile, checkedNet, ownedNetwork);
    }
    const plan: ClusterPlan = {
      runDir: run.dir,
      nodeIds,
      nodes: new Map(nodeIds.map((id) => [id, { id, ...nodePaths(run, id) }])),
      seed: options.seed,
      runEpochMs,
      network: ownedNetwork,
      protocol,
      tuning,
    };
    if (prepareError !== null) throw prepareError;
    cluster = await subject.create(plan);
    const own = cluster.network ?? ownedNetwork;
    if (own === null || own === undefined) throw new Error(`subject ${subject.name} brought no network`);
    network = own;
  } catch (err) {
    await ownedNetwork?.close();
    history.close();
    io.abort?.removeEventListener('abort', onAbort);
    writeJsonFile(run.resultsFile, { valid: 'unknown', error: (err as Error).message, checkers: {} });
    throw new RunToolError((err as Error).message, run, { cause: err });
  }
  const executor = subjectExecutor(subject.name, cluster, network);
  const leaderNow = (): number | null => cluster.status?.leader() ?? null;
  const faultState: FaultState = createFaultState();
  const startMs = Date.now();
  let pool: ClientPool | null = null;
  // The run's clients; the final reads reuse them, or (after a Ctrl-C before the run) get one of their own.
  const newPool = (concurrency: number, ratePerS: number): ClientPool =>
    new ClientPool({
      nodeIds,
      client: cluster.openClient(),
      concurrency,
      ratePerS,
      opTimeoutMs: record.client.opTimeoutMs,
      ...(record.client.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: record.client.attemptTimeoutMs } : {}),
      seed: record.seed,
      workload,
      workloadOptions: record.workload.options,
      history,
      leaderHint: leaderNow,
      nodeAvailable: (id) => cluster.isUp(id),
    });
  const progress = new ProgressDisplay(io.out, () => ({
    phase,
    elapsedS: (Date.now() - startMs) / 1000,
    ok: pool?.counts.ok ?? 0,
    fail: pool?.counts.fail ?? 0,
    info: pool?.counts.info ?? 0,
    faults: describeFaults(faultState),
    leader: leaderNow(),
  }));
  const render = async (): Promise<void> => {
    if (io.renderReport === null) return;
    try {
      const renderer = io.renderReport ?? (await defaultRenderer());
      if (renderer !== null) await renderer(run.dir);
    } catch (err) {
      io.out.write(`warning: the report could not be rendered: ${(err as Error).message}\n`);
    }
  };
  const signalCleanup = io.handleSignals
    ? installSignalHandlers(
        {
          phase: () => phase,
          stop: (signal) => stop(signal),
          hurry: (signal) => {
            stop(signal);
            hurried = true;
            killAllChildren();
          },
          abandon: async (signal) => {
            killAllChildren();
            if (!resultsWritten) {
              writeJsonFile(run.resultsFile, {
                valid: 'unknown',
                error: `the check was given up (a repeated ${signal}) before it was done; \`${raftChaosCommand(['check', run.dir])}\` checks what was recorded`,
                checkers: {},
                run: { name: run.name, seed: options.seed, interrupted: true, healTimeNs },
              });
              await Promise.race([render(), new Promise((r) => setTimeout(r, ABANDON_RENDER_MS).unref())]);
            }
            process.exit(255);
          },
        },
        (text) => progress.message(text),
      )
    : () => undefined;
  const nodeCrashes: { node: number; code: number | null; signal: string | null; timeNs: number }[] = [];
  cluster.onUnexpectedExit = (node, exit) => {
    nodeCrashes.push({ node, ...exit, timeNs: history.nowNs() });
    progress.message(`warning: node n${node} exited on its own (code ${exit.code}, signal ${exit.signal}); see ${nodePaths(run, node).stderr}`);
  };

  io.out.write(`raft-chaos run: ${run.dir}\n  seed ${options.seed}; replay: ${raftChaosCommand(argv)}\n`);
  let healTimeNs: number | null = null;
  let toolError: Error | null = null;
  let clusterStopped = false;
  /** Recovery and final reads ran to their end: only then can liveness be judged. */
  let recoveryCompleted = false;
  try {
    // 2. start
    await cluster.start();
    progress.start();
    progress.draw(true);
    await waitForLeader(cluster, record.phases.leaderWaitMs, stopping.signal);

    // 3. run
    if (!stopping.signal.aborted) {
      phase = 'run';
      progress.draw(true);
      pool = newPool(record.client.concurrency, record.client.ratePerS);
      const clientsDone = pool.run();
      const nemesisDone = runNemesisLoop(
        record.nemesis.generator,
        {
          executor,
          state: faultState,
          history,
          scheduleRng: seededRng(deriveSeed(options.seed, 'nemesis')),
          faultRng: seededRng(deriveSeed(options.seed, 'faults')),
          ...(cluster.status !== undefined ? { status: cluster.status } : {}),
          openClient: () => cluster.openClient(),
          log: (text) => progress.message(text),
        },
        stopping.signal,
      );
      await sleepUnless(record.phases.timeLimitMs, stopping.signal);
      pool.stop();
      await Promise.all([clientsDone, nemesisDone.stop()]);
    }

    // 4. heal (not after a second signal: the nodes are gone)
    phase = 'heal';
    progress.draw(true);
    if (!hurried) {
      const healRng = seededRng(deriveSeed(record.seed, 'heal'));
      await runFinal(record.nemesis.final, { executor, state: faultState, history, ...(cluster.status !== undefined ? { status: cluster.status } : {}) }, healRng);
      healTimeNs = history.nowNs();
    }

    // 5. recover, 6. final reads (skipped after a Ctrl-C: the run stops as soon as it can)
    if (!interrupted) {
      phase = 'recover';
      progress.draw(true);
      const recovered = await waitForRecovery(cluster, record.phases.recoveryMs, stopping.signal);
      if (!recovered && !interrupted) progress.message(`warning: the cluster did not converge within --recovery ${options.recoveryS}s after the heal`);
      if (!interrupted) {
        phase = 'final';
        progress.draw(true);
        const finalPool = pool ?? newPool(1, 0);
        pool = finalPool;
        const reads = await finalPool.finalReads(workload.keys(record.workload.options), record.phases.recoveryMs, record.phases.finalReadTimeoutMs);
        const missing = [...reads].filter(([, outcome]) => outcome !== 'ok').map(([key]) => key);
        if (missing.length > 0) progress.message(`warning: no final read succeeded for key(s) ${missing.join(', ')}`);
        // Let every node apply what the final reads committed before stopping them: the liveness
        // check wants the nodes to end converged.
        await waitForRecovery(cluster, record.phases.recoveryMs, stopping.signal);
      }
      recoveryCompleted = !interrupted;
    }

    // 7. stop
    phase = 'stop';
    progress.draw(true);
    pool?.close();
    if (hurried) await cluster.destroy();
    else await cluster.stop();
    clusterStopped = true;
  } catch (err) {
    toolError = err instanceof Error ? err : new Error(String(err));
  } finally {
    pool?.close();
    if (!clusterStopped) await cluster.destroy();
    await ownedNetwork?.close().catch((err: unknown) => io.out.write(`warning: the ${ownedNetwork?.name} network was not fully removed: ${(err as Error).message}\n`));
    // Again after the close: what the network counted during the run (a netns run's dropped packets).
    if (ownedNetwork !== null) writeNetworkDetails(run.testFile, checkedNet, ownedNetwork);
    progress.stop();
    history.close();
    io.abort?.removeEventListener('abort', onAbort);
  }

  const subjectReport = cluster.report?.();
  const subjectFindings = cluster.findings?.();
  if (toolError !== null && history.records.length === 0) {
    signalCleanup();
    writeJsonFile(run.resultsFile, { valid: 'unknown', error: toolError.message, checkers: {}, ...(subjectReport !== undefined ? { subject: subjectReport } : {}) });
    throw new RunToolError(toolError.message, run, { cause: toolError });
  }
  if (toolError !== null) io.out.write(`error during the run (checking what was recorded): ${toolError.message}\n`);

  // 8. check
  phase = 'check';
  io.out.write('checking...\n');
  const livenessNotApplicable = recoveryCompleted
    ? null
    : interrupted
      ? `the run was stopped early (${stopCause}), so the recovery phase after the heal was skipped and the nodes were not given time to converge`
      : `the run ended with an error before its recovery phase was over: ${toolError?.message ?? 'unknown error'}`;
  const results = await checkRun({
    history: history.records,
    model: record.checkers.linearizability.model,
    eventLogs: cluster.eventLog?.eventLogs() ?? null,
    noEventLogReason: `subject ${subject.name} keeps no event log`,
    healTimeNs,
    livenessNotApplicable,
    livenessBoundNs: record.checkers.invariants.livenessBoundNs,
    linearizabilityBudgetMs: hurried ? HURRIED_CHECK_BUDGET_MS : record.checkers.linearizability.budgetMs,
    ...(subject.unobservable !== undefined ? { unobservable: subject.unobservable } : {}),
    ...(subjectFindings !== undefined ? { subjectFindings } : {}),
    ...(judgesFaultPhaseLiveness(subject.name) ? { faultPhaseLiveness: { nodeIds, boundNs: DEFAULT_LEADERLESS_BOUND_NS, exits: nodeCrashes } } : {}),
  });
  const counts = pool?.counts ?? { ok: 0, fail: 0, info: 0 };
  writeJsonFile(run.resultsFile, {
    ...results,
    ...(subjectReport !== undefined ? { subject: subjectReport } : {}),
    run: {
      name: run.name,
      seed: options.seed,
      interrupted,
      ...(toolError !== null ? { error: toolError.message } : {}),
      ops: counts,
      nodeCrashes,
      durationS: (Date.now() - startMs) / 1000,
      healTimeNs,
      ...(hurried ? { nodesKilled: true } : {}),
    },
  });
  resultsWritten = true;
  await render();
  signalCleanup();
  phase = 'done';
  io.out.write(formatSummary(run, ranOptions, results, counts, interrupted));
  return { valid: results.valid, run, results, interrupted, history: history.records, pids: cluster.pids() };
}

/** The report module's renderer, imported only when a report is written; null if it cannot be loaded. */
async function defaultRenderer(): Promise<((runDir: string) => Promise<unknown>) | null> {
  try {
    const mod = (await import('../../report/render-run.js')) as { renderRunReport?: (dir: string) => Promise<unknown> };
    return mod.renderRunReport ?? null;
  } catch {
    return null;
  }
}

function describeFaults(state: FaultState): string {
  const parts: string[] = [];
  if (state.grudge.size > 0) parts.push(`partition ${describeGrudge(state.grudge)}`);
  if (state.dead.size > 0) parts.push(`dead ${[...state.dead].map((n) => `n${n}`).join(',')}`);
  if (state.paused.size > 0) parts.push(`paused ${[...state.paused].map((n) => `n${n}`).join(',')}`);
  if (state.skewed.size > 0) parts.push(`clock ${[...state.skewed].map((n) => `n${n}`).join(',')}`);
  return parts.length === 0 ? 'none' : parts.join('; ');
}

/**
 * Wait until some node leads (subjects that report status); a tool error naming every node's state
 * after timeoutMs; null if `abort` fires first or the subject reports no status.
 */
async function waitForLeader(cluster: SubjectCluster, timeoutMs: number, abort?: AbortSignal): Promise<number | null> {
  const status = cluster.status;
  if (status === undefined) return null;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await status.poll();
    const leader = status.leader();
    if (leader !== null) return leader;
    if (abort?.aborted) return null;
    if (Date.now() > deadline) throw new Error(`no leader elected within ${timeoutMs} ms (${cluster.describe?.() ?? 'no node status'})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Wait until a leader exists and every node that is up applied what the leader committed; false on
 * timeout. A subject without status has nothing to wait for (its final reads retry instead).
 */
async function waitForRecovery(cluster: SubjectCluster, timeoutMs: number, abort?: AbortSignal): Promise<boolean> {
  const status = cluster.status;
  if (status === undefined) return true;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && abort?.aborted !== true) {
    await status.poll();
    const leader = status.leader();
    if (leader !== null) {
      const statuses = status.statuses();
      const commit = statuses.get(leader)?.commit ?? Infinity;
      const up = cluster.nodeIds.filter((id) => cluster.isUp(id));
      if (up.every((id) => { const s = statuses.get(id); return (s?.applied ?? s?.commit ?? -1) >= commit && s?.leader === leader; })) return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

interface SignalActions {
  phase(): Phase;
  stop(signal: NodeJS.Signals): void;
  hurry(signal: NodeJS.Signals): void;
  abandon(signal: NodeJS.Signals): Promise<void>;
}

/** The stages of signal-stages.ts; once the run is checking, the next counted signal gives up the check. */
function installSignalHandlers(actions: SignalActions, log: (text: string) => void): () => void {
  const stages = new SignalStages();
  const ticker = setInterval(() => stages.tick(), LOOP_TICK_MS);
  ticker.unref();
  let signalsWhileChecking = 0;
  const handler = (signal: NodeJS.Signals): void => {
    const stage = stages.next();
    if (stage === null) return; // the same signal delivered twice (to the process and to its group)
    const phase = actions.phase();
    if (phase === 'check' || phase === 'done') {
      signalsWhileChecking++;
      if (signalsWhileChecking === 1) {
        log(`${signal}: the nodes are stopped; finishing the check of what was recorded (again to give up the check)`);
        return;
      }
      log(`${signal} again: giving up the check; results.json says unknown`);
      void actions.abandon(signal);
      return;
    }
    if (stage === 'stop') {
      log(`${signal}: stopping clients, healing, stopping nodes, then checking what was recorded (again to kill the nodes at once)`);
      actions.stop(signal);
    } else if (stage === 'hurry') {
      log(`${signal} again: killing every node now, then checking what was recorded (again to give up the check)`);
      actions.hurry(signal);
    } else {
      log(`${signal} a third time: giving up the check; results.json says unknown`);
      void actions.abandon(signal);
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, handler);
  return () => {
    clearInterval(ticker);
    for (const s of signals) process.off(s, handler);
  };
}
