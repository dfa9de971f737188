// One detection attempt in a real run: `node dist/src/cli.js run --bug NAME ...` with real node
// processes, proxies and clients; the verdict is read back from the run's results.json. Exit 1
// (invalid) is a detection; exit 255 or a missing results.json is the tool failing, never a catch.
// `detectRun` is the same for any `run` command line (the bug matrix's lab-go cells use it).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../util/project-root.js';
import type { OpRecord } from '../history/types.js';
import type { BugName } from '../raft/types.js';
import { scenarioFor } from './catalogue.js';
import type { CheckerName, Detection, FindingName } from './types.js';
import { linearizabilityEvidence } from './verdict.js';
import { linearizabilityReportSync } from '../checker/compose.js';

interface ResultsJson {
  readonly valid: boolean | 'unknown';
  readonly checkers: {
    readonly linearizability?: { readonly valid: boolean | 'unknown' };
    readonly invariants?: {
      readonly valid: boolean | 'unknown';
      readonly violations: readonly { readonly invariant: CheckerName; readonly time: number; readonly certain: boolean; readonly message: string }[];
    };
    /** The subject's own findings (lab-go: deadlock, panic, leaderless-majority). */
    readonly findings?: { readonly valid: boolean; readonly findings: readonly { readonly kind: FindingName; readonly message: string; readonly timeS?: number }[] };
  };
  readonly run?: { readonly durationS?: number };
}

function readHistory(file: string): OpRecord[] {
  if (!fs.existsSync(file)) return [];
  const out: OpRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as OpRecord);
    } catch {
      // a torn last line: the checker of the run reported it already
    }
  }
  return out;
}

export class RealRunError extends Error {
  override name = 'RealRunError';
}

/** The `raft-chaos run` arguments of a bug's real scenario. */
export function realArgs(bug: BugName, seed: number, resultsDir: string, withBug: boolean): string[] {
  const plan = scenarioFor(bug).real;
  if (plan.kind !== 'real') throw new RangeError(`bug ${bug} has no real scenario: ${plan.reason}`);
  return ['run', ...plan.args, '--seed', String(seed), '--results-dir', resultsDir, ...(withBug ? ['--bug', bug] : [])];
}

/** Newest run directory under resultsDir (the run names itself; `latest` may be shared). */
function newestRun(resultsDir: string): string | null {
  if (!fs.existsSync(resultsDir)) return null;
  const dirs = fs
    .readdirSync(resultsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(resultsDir, d.name, 'results.json')))
    .map((d) => path.join(resultsDir, d.name));
  dirs.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return dirs[0] ?? null;
}

export async function detectReal(bug: BugName, seed: number, resultsDir: string, withBug = true): Promise<Detection> {
  const plan = scenarioFor(bug).real;
  const dir = path.resolve(resultsDir, `${bug}-${withBug ? 'bug' : 'clean'}-${seed}`);
  return detectRun({ bug, seed, withBug, args: realArgs(bug, seed, dir, withBug), dir, budgetS: plan.kind === 'real' ? plan.budgetS : 60 });
}

export interface RunAttempt {
  readonly bug: BugName;
  readonly seed: number;
  readonly withBug: boolean;
  /** The whole `raft-chaos` argv (from `run`), --results-dir DIR included. */
  readonly args: readonly string[];
  /** The run's --results-dir. */
  readonly dir: string;
  /** Wall seconds the run takes at most; it is killed after three times that. */
  readonly budgetS: number;
}

/** Run `node dist/src/cli.js ARGS` and read its verdict back as a detection. */
export async function detectRun(attempt: RunAttempt): Promise<Detection> {
  const { bug, seed, withBug, args, dir } = attempt;
  const root = projectRoot();
  const cli = path.join(root, 'dist', 'src', 'cli.js');
  if (!fs.existsSync(cli)) throw new RealRunError(`${cli} is not built: run \`npm run build\` first`);
  fs.mkdirSync(dir, { recursive: true });
  const timeoutMs = attempt.budgetS * 3 * 1000;
  const started = performance.now();
  const child = await execa(process.execPath, [cli, ...args], { cwd: root, reject: false, timeout: timeoutMs, all: true });
  const wallMs = Math.round(performance.now() - started);
  const replay = `node dist/src/cli.js ${args.map((a) => (/^[\w./,=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
  const run = newestRun(dir);
  if (child.exitCode === 255 || child.exitCode === 254 || run === null) {
    throw new RealRunError(`real run failed (exit ${String(child.exitCode)}): ${replay}\n${(child.all ?? '').slice(-2000)}`);
  }
  const results = JSON.parse(fs.readFileSync(path.join(run, 'results.json'), 'utf8')) as ResultsJson;
  const found = new Set<CheckerName>();
  let firstNs: number | null = null;
  const failures: string[] = [];
  if (results.checkers.linearizability?.valid === false) {
    found.add('linearizability');
    failures.push('linearizability: the history is not linearizable');
  }
  for (const v of results.checkers.invariants?.violations ?? []) {
    if (!v.certain) continue;
    found.add(v.invariant);
    if (firstNs === null || v.time < firstNs) firstNs = v.time;
    if (failures.length < 10) failures.push(`${v.invariant}: ${v.message}`);
  }
  for (const f of results.checkers.findings?.findings ?? []) {
    found.add(f.kind);
    if (f.timeS !== undefined && (firstNs === null || f.timeS * 1e9 < firstNs)) firstNs = f.timeS * 1e9;
    if (failures.length < 10) failures.push(`${f.kind}: ${f.message}`);
  }
  if (found.has('linearizability')) {
    // results.json gives no time for it: re-check history.jsonl for when the impossible answer came.
    const history = readHistory(path.join(run, 'history.jsonl'));
    const lin = linearizabilityEvidence(history, linearizabilityReportSync(history, 'cas-register', 10_000));
    const atNs = lin.firstUs === null ? (results.run?.durationS ?? wallMs / 1000) * 1e9 : lin.firstUs * 1000;
    if (firstNs === null || atNs < firstNs) firstNs = atNs;
  }
  return {
    bug,
    withBug,
    seed,
    caught: results.valid === false && found.size > 0,
    checkers: [...found],
    detectedAtS: firstNs === null ? null : firstNs / 1e9,
    failures,
    replay: `${replay}   (run directory: ${path.relative(root, run)})`,
    wallMs,
  };
}
