// `npm run nightly -- --budget 10m`: the nightly robustness runs. The swarm: one simulated bad day
// (`raft-chaos sim`, scripts/nightly/sim-cell.ts) per seed of a range that moves every night
// (scripts/nightly/seed-range.ts), then, unless --sim-only, real runs (`node dist/src/cli.js run`)
// of workloads x nemeses for the first seeds of the range. A cell is not started when it is expected
// to end past the budget; it is recorded as skipped. Writes, in the nightly directory,
// summary.json (a shard summary: the plan, every cell with its verdict and replay command; written
// again after every cell), summary.html and summary.md (failed cells first), and the output of
// every failed simulated seed under sim/. Exit 1 if a run was invalid, 255 if the tool failed in
// one, 254 for a bad flag, else 0.
// Options:
//   --budget DURATION   required, 30s..24h (per shard)
//   --seeds A..B        the seeds (both ends included); default: the night's range, printed
//   --seed-count M      size of the night's range (default 1000); --date YYYY-MM-DD picks the night
//   --sim-time T        virtual time of one seed's fault phase (default 30s)
//   --jobs K            simulated seeds run at once (default 1, at most 16)
//   --sim-only          no real runs; otherwise --real-seeds M (default 1) and --time-limit S
//   --shard I/N         run only every N-th cell, starting at the I-th (scripts/shard/shard.ts)
//   --out DIR           the nightly directory (default results/nightly-<date>[-shard-I-of-N])
//   --results DIR       where the default nightly directory goes (default results)
//   --bug NAME          repeatable: switch a catalogue bug on in every run, to see the nightly fail
// Merge the shards' summary.json files with `npx tsx scripts/merge-shards.ts`.
import { $, argv, echo } from 'zx';
import fs from 'node:fs';
import path from 'node:path';
import { NEMESIS_NAMES } from '../nemesis/index.js';
import { BUG_NAMES, isBugName } from '../src/raft/bugs.js';
import { parseDurationUs } from '../src/sim/parse-duration.js';
import { WORKLOAD_NAMES } from '../workloads/index.js';
import { parseBudgetMs } from './nightly/budget.js';
import { jobArgs, planJobs, replayCommand } from './nightly/plan.js';
import type { NightlyJob, RealPlanOptions } from './nightly/plan.js';
import { readSimAnswer } from './nightly/sim-cell.js';
import { nightlySeedRange, parseNight, parseSeedRange, rangeText, seedsOf } from './nightly/seed-range.js';
import type { SeedRange } from './nightly/seed-range.js';
import { countVerdicts, failedRuns, nightlyExitCode, renderSummaryHtml, renderSummaryMarkdown, verdictOf } from './nightly/summary.js';
import type { NightlyPlan, NightlyRun } from './nightly/summary.js';
import { cellsOfShard, parseShard, shardText, WHOLE } from './shard/shard.js';
import type { Shard } from './shard/shard.js';
import { shardSummaryOf, writeShardSummary } from './shard/summary-file.js';
import type { ShardSummary } from './shard/summary-file.js';

function usage(message: string): never {
  process.stderr.write(`nightly: ${message}\n`);
  process.exit(254);
}

function intFlag(name: string, fallback: number, min: number, max: number): number {
  const value = argv[name] as unknown;
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) usage(`--${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return n;
}

function attempt<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    usage((err as Error).message);
  }
}

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
if (argv.seed !== undefined) usage('--seed is replaced by --seeds FIRST..LAST (default: the night\'s range)');
if (argv.budget === undefined) usage('--budget is required, e.g. --budget 10m');
const budgetMs = attempt(() => parseBudgetMs(String(argv.budget)));
const night = argv.date === undefined ? new Date(started) : attempt(() => parseNight(argv.date));
if (argv.seeds !== undefined && (argv['seed-count'] !== undefined || argv.date !== undefined)) usage('--seeds chooses the seeds itself; leave out --seed-count and --date');
const seedRange: SeedRange =
  argv.seeds !== undefined ? attempt(() => parseSeedRange(argv.seeds)) : attempt(() => nightlySeedRange(night, intFlag('seed-count', 1000, 1, 1_000_000)));
const simTime = String(argv['sim-time'] ?? '30s');
attempt(() => parseDurationUs(simTime, '--sim-time'));
const jobsAtOnce = intFlag('jobs', 1, 1, 16);
const simOnly = argv['sim-only'] === true;
if (simOnly && (argv['real-seeds'] !== undefined || argv['time-limit'] !== undefined)) usage('--sim-only runs no real runs; leave out --real-seeds and --time-limit');
// Short budgets get short real runs: about a twelfth of the budget, from 5 to 30 seconds.
const timeLimitS = intFlag('time-limit', Math.min(30, Math.max(5, Math.round(budgetMs / 12_000))), 1, 3600);
const realSeeds = intFlag('real-seeds', 1, 1, 1000);
const bugs = ([] as unknown[]).concat(argv.bug ?? []).map(String);
for (const b of bugs) if (!isBugName(b)) usage(`--bug ${JSON.stringify(b)} is unknown; accepted: ${BUG_NAMES.join(', ')}`);
const shard: Shard = argv.shard === undefined ? WHOLE : attempt(() => parseShard(argv.shard));

// The nightly directory: --out, or results/nightly-<date>[-shard-I-of-N], or -2, -3... when it exists.
const date = night.toISOString().slice(0, 10);
let nightlyDir: string;
if (argv.out !== undefined) {
  nightlyDir = path.resolve(String(argv.out));
  if (fs.existsSync(path.join(nightlyDir, 'summary.json'))) usage(`--out ${JSON.stringify(argv.out)} already holds a summary.json; choose a new directory`);
} else {
  const resultsRoot = path.resolve(root, String(argv.results ?? 'results'));
  const base = `nightly-${date}${shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : ''}`;
  let name = base;
  for (let k = 2; fs.existsSync(path.join(resultsRoot, name)); k++) name = `${base}-${k}`;
  nightlyDir = path.join(resultsRoot, name);
}
const runsDir = path.join(nightlyDir, 'runs');
const simDir = path.join(nightlyDir, 'sim');
fs.mkdirSync(runsDir, { recursive: true });
fs.mkdirSync(simDir, { recursive: true });

const cli = path.join(root, 'dist', 'src', 'cli.js');
if (!fs.existsSync(cli)) {
  echo('nightly: dist/ is not built; building it (npm run build)');
  await $({ cwd: root, stdio: 'inherit' })`npm run build`;
}

const faultNemeses = NEMESIS_NAMES.filter((n) => n !== 'none');
// Every registered nemesis alone, and all of them combined on one schedule (when there are several).
const realNemeses = [...new Set(['none', 'partition', ...faultNemeses, ...(faultNemeses.length > 1 ? [faultNemeses.join(',')] : [])])];
const real: RealPlanOptions | null = simOnly ? null : { workloads: WORKLOAD_NAMES, nemeses: realNemeses, seeds: realSeeds, timeLimitS, recoveryS: 5 };
const jobs = planJobs({ seeds: seedsOf(seedRange), simTime, real, bugs });
const mine = cellsOfShard(jobs, shard);
const relRuns = path.relative(root, runsDir);
/** A path as printed: relative to the project root when inside it, else absolute. */
const shown = (p: string): string => {
  const rel = path.relative(root, p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
};

const planFlags = [
  `--budget ${String(argv.budget)}`,
  `--seeds ${rangeText(seedRange)}`,
  `--sim-time ${simTime}`,
  ...(simOnly ? ['--sim-only'] : [`--real-seeds ${realSeeds}`, `--time-limit ${timeLimitS}`]),
  ...bugs.map((b) => `--bug ${b}`),
];
const plan: NightlyPlan = {
  command: `npm run nightly -- ${planFlags.join(' ')}`,
  cellIds: jobs.map((j) => j.id),
  seedRange,
  simTime,
  bugs,
  real,
  budgetMs,
};
const shardCommand = `npm run nightly -- ${[...planFlags, ...(shard.count > 1 ? [`--shard ${shardText(shard)}`] : []), `--jobs ${jobsAtOnce}`, `--out ${shown(nightlyDir)}`].join(' ')}`;

echo(
  `nightly: ${shown(nightlyDir)}: seeds ${rangeText(seedRange)} (${seedRange.count}, from ${seedRange.source}` +
    `${seedRange.source === '--seeds' ? '' : `; --seeds A..B to choose others`}), ${simTime} bad days` +
    (real === null ? ', no real runs' : `; real: ${real.workloads.join(', ')} x ${real.nemeses.join(' | ')} on ${realSeeds} seed(s), ${timeLimitS} s runs`) +
    `; shard ${shardText(shard)}: ${mine.length} of ${jobs.length} cells; budget ${(budgetMs / 1000).toFixed(0)} s` +
    (bugs.length > 0 ? `; BUGS ON: ${bugs.join(', ')}` : ''),
);

function newestRunDir(): string | null {
  const dirs = fs
    .readdirSync(runsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(runsDir, d.name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return dirs[0] ?? null;
}

function realProblems(runDir: string | null): string[] {
  if (runDir === null) return [];
  const file = path.join(runDir, 'results.json');
  if (!fs.existsSync(file)) return ['no results.json'];
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      checkers?: Record<string, { valid?: unknown; violations?: { invariant: string; message: string }[] }>;
    };
    const out: string[] = [];
    for (const [checker, v] of Object.entries(r.checkers ?? {})) {
      if (v.valid === true) continue;
      out.push(`${checker}: ${String(v.valid)}`);
      for (const viol of (v.violations ?? []).slice(0, 3)) out.push(`${viol.invariant}: ${viol.message}`);
    }
    return out;
  } catch (err) {
    return [`results.json unreadable: ${(err as Error).message}`];
  }
}

async function runJob(index: number, job: NightlyJob): Promise<NightlyRun> {
  const before = Date.now();
  const timeoutMs = job.expectMs * 3 + 30_000;
  const p = await $({ cwd: root, nothrow: true, quiet: true, timeout: timeoutMs })`node ${cli} ${jobArgs(job, relRuns)}`;
  const wallMs = Date.now() - before;
  const exitCode = p.exitCode;
  const verdict = verdictOf(exitCode);
  let output: string | null = null;
  let problems: string[] = [];
  let replay = replayCommand(job, relRuns);
  if (job.kind === 'real') {
    const runDir = newestRunDir();
    if (runDir !== null && fs.statSync(runDir).mtimeMs >= before - 1000) {
      output = path.relative(nightlyDir, path.join(runDir, 'index.html'));
      problems = exitCode === 0 ? [] : realProblems(runDir);
    }
  } else {
    const answer = readSimAnswer(p.stdout);
    if (answer !== null) {
      problems = answer.failures.slice(0, 5);
      if (answer.replay !== null) replay = answer.replay;
    } else if (exitCode !== 0) {
      problems = ['no JSON summary on stdout'];
    }
    // Keep what a failed seed printed; a valid one is its replay command away.
    if (verdict !== 'valid') {
      const file = path.join(simDir, `${job.id}.json`);
      fs.writeFileSync(file, p.stdout);
      output = path.relative(nightlyDir, file);
    }
  }
  if (verdict === 'tool-failed') problems = [...problems, ...p.stderr.trim().split('\n').slice(-5)];
  return { index, id: job.id, kind: job.kind, workload: job.workload, nemesis: job.nemesis, seed: job.seed, verdict, exitCode, wallMs, replay, output, problems };
}

const recorded = new Map<number, NightlyRun>();
function summaryNow(complete: boolean): ShardSummary<NightlyPlan, NightlyRun> {
  const execution = { command: shardCommand, startedAt: new Date(started).toISOString(), elapsedMs: Date.now() - started, complete };
  return shardSummaryOf('nightly', plan, shard, execution, [...recorded.values()].sort((a, b) => a.index - b.index));
}
const summaryFile = path.join(nightlyDir, 'summary.json');
writeShardSummary(summaryFile, summaryNow(false));

function record(run: NightlyRun): void {
  recorded.set(run.index, run);
  writeShardSummary(summaryFile, summaryNow(false));
  if (run.verdict !== 'valid' && run.verdict !== 'skipped') echo(`  ${run.verdict.padEnd(11)} ${run.id} (${(run.wallMs / 1000).toFixed(1)} s)\n    replay: ${run.replay}`);
  else if (run.kind === 'real') echo(`  ${run.verdict.padEnd(11)} ${run.id} (${(run.wallMs / 1000).toFixed(1)} s)`);
  if (recorded.size % 100 === 0) echo(`  ... ${recorded.size} of ${mine.length} cells`);
}

function skippedRun(index: number, job: NightlyJob): NightlyRun {
  const replay = replayCommand(job, relRuns);
  return { index, id: job.id, kind: job.kind, workload: job.workload, nemesis: job.nemesis, seed: job.seed, verdict: 'skipped', exitCode: null, wallMs: 0, replay, output: null, problems: [] };
}

/** Run cells `k` at a time, each started only when it is expected to end within the budget. */
async function runAll(cells: readonly { index: number; cell: NightlyJob }[], k: number): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < cells.length) {
      const { index, cell } = cells[next++]!;
      // A little slack for writing the summary.
      if (Date.now() - started + cell.expectMs > budgetMs - 2_000) record(skippedRun(index, cell));
      else record(await runJob(index, cell));
    }
  }
  await Promise.all(Array.from({ length: Math.min(k, cells.length) }, () => worker()));
}

await runAll(mine.filter((c) => c.cell.kind === 'sim'), jobsAtOnce);
await runAll(mine.filter((c) => c.cell.kind === 'real'), 1);

const summary = summaryNow(true);
writeShardSummary(summaryFile, summary);
const page = { title: `nightly ${date}, shard ${shardText(shard)}`, plan, shards: [{ shard, execution: summary.execution }], runs: summary.cells };
fs.writeFileSync(path.join(nightlyDir, 'summary.html'), renderSummaryHtml(page));
fs.writeFileSync(path.join(nightlyDir, 'summary.md'), renderSummaryMarkdown(page));
const c = countVerdicts(summary.cells);
echo(
  `nightly: ${summary.cells.length} cells in ${(summary.execution.elapsedMs / 1000).toFixed(0)} s: ${c.invalid} invalid, ${c['tool-failed']} tool failures, ` +
    `${c.unknown} unknown, ${c.skipped} skipped, ${c.valid} valid; ${failedRuns(summary.cells).length} failed seed(s) kept with their replay commands\n` +
    `  ${shown(path.join(nightlyDir, 'summary.html'))}`,
);
process.exit(nightlyExitCode(summary.cells));
