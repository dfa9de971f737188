// Re-checking a stored run (`raft-chaos check RUN_DIR`): the checkers besides linearizability, from
// the files the run left: the Raft invariants from nodes/n<i>/events.jsonl (with the heal time and
// the liveness bound the run used) and the performance statistics from history.jsonl. The same
// functions as the run's own check phase (check-run.ts), so a re-check gives the same verdicts.
import fs from 'node:fs';
import { nodePaths, openRunDir, storedNodeIds } from '../../history/store.js';
import { readHistory } from '../../history/reader.js';
import { SUBJECTS } from '../../subjects/index.js';
import { checkInvariantsAndPerf, type RunResults } from './check-run.js';
import { RUN_DEFAULTS } from '../runner/run-options.js';
import { judgesFaultPhaseLiveness, type UnexpectedExit } from './fault-phase-liveness.js';
import { DEFAULT_LEADERLESS_BOUND_NS } from '../../checker/invariants/leaderless-majority.js';

export type StoredChecks = Pick<RunResults['checkers'], 'invariants' | 'perf'>;

function readJson(file: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The heal time: as results.json recorded it, else the completion of the history's heal-all. */
function healTimeOf(results: Record<string, unknown> | null, history: readonly { f: string; type: string; process: unknown; time: number }[]): number | null {
  const run = results?.['run'] as { healTimeNs?: unknown } | undefined;
  if (typeof run?.healTimeNs === 'number') return run.healTimeNs;
  const heal = history.find((r) => r.process === 'nemesis' && r.f === 'heal-all' && r.type === 'info');
  return heal?.time ?? null;
}

/** The nodes that exited by themselves, as results.json recorded them. */
function nodeCrashesOf(results: Record<string, unknown> | null): UnexpectedExit[] {
  const crashes = (results?.['run'] as { nodeCrashes?: unknown } | undefined)?.nodeCrashes;
  if (!Array.isArray(crashes)) return [];
  return crashes.filter((c): c is UnexpectedExit => typeof c?.node === 'number' && typeof c?.timeNs === 'number');
}

/**
 * Invariants and perf of a run directory this tool wrote (it has results.json), or null for any
 * other directory holding a history.jsonl (only linearizability applies to those).
 */
export async function recheckStoredRun(dir: string): Promise<StoredChecks | null> {
  const run = openRunDir(dir);
  if (!fs.existsSync(run.resultsFile)) return null;
  const test = readJson(run.testFile);
  const results = readJson(run.resultsFile);
  const history = readHistory(run.historyFile).ops;
  const options = (test?.['options'] ?? {}) as { recoveryS?: unknown };
  const recoveryS = typeof options.recoveryS === 'number' ? options.recoveryS : RUN_DEFAULTS.recoveryS;
  const subjectName = typeof test?.['subject'] === 'string' ? test['subject'] : 'raft-chaos';
  const subject = SUBJECTS.get(subjectName);
  const logs = new Map(storedNodeIds(run).map((id) => [id, nodePaths(run, id).eventLog] as const));
  let noEventLogReason: string | null = null;
  if (subject !== undefined && !subject.abilities.includes('event-log')) noEventLogReason = `subject ${subject.name} keeps no event log`;
  else if (![...logs.values()].some((file) => fs.existsSync(file))) noEventLogReason = `no nodes/n<i>/events.jsonl under ${run.dir}`;
  return checkInvariantsAndPerf({
    history,
    eventLogs: noEventLogReason === null ? logs : null,
    ...(noEventLogReason !== null ? { noEventLogReason } : {}),
    healTimeNs: healTimeOf(results, history),
    livenessBoundNs: recoveryS * 1e9,
    ...(subject?.unobservable !== undefined ? { unobservable: subject.unobservable } : {}),
    ...(judgesFaultPhaseLiveness(subjectName) && noEventLogReason === null
      ? { faultPhaseLiveness: { nodeIds: storedNodeIds(run), boundNs: DEFAULT_LEADERLESS_BOUND_NS, exits: nodeCrashesOf(results) } }
      : {}),
  });
}
