// `npm run nightly -- --budget 10m`: nightly robustness runs. A matrix of workloads x nemeses x
// seeds, real (`node dist/src/cli.js run ...`) and simulated (`node dist/src/cli.js sim ...`), run
// one at a time until the budget would be overrun (no run is started that is expected to end past
// it). Writes results/nightly-<date>/summary.json and summary.html (failed runs first, each with the
// command that replays it). Exit 1 if any run was invalid, 255 if the tool failed in any, else 0.
// Options: --budget DURATION (required: 30s..24h), --seed N (first seed; default: from the date),
// --time-limit S (seconds of one real run; default from the budget), --results DIR (default results),
// --bug NAME (repeatable: switch a catalogue bug on in every run, to see the nightly fail).
import { $, argv, echo } from 'zx';
import fs from 'node:fs';
import path from 'node:path';
import { NEMESIS_NAMES } from '../nemesis/index.js';
import { BUG_NAMES, isBugName } from '../src/raft/bugs.js';
import { FAULT_FAMILIES } from '../src/sim/bad-day.js';
import { WORKLOAD_NAMES } from '../workloads/index.js';
import { parseBudgetMs } from './nightly/budget.js';
import { jobArgs, planJobs, replayCommand } from './nightly/plan.js';
import type { NightlyJob } from './nightly/plan.js';
import { countVerdicts, renderSummaryHtml, verdictOf } from './nightly/summary.js';
import type { NightlyRun, NightlySummary } from './nightly/summary.js';

function usage(message: string): never {
  process.stderr.write(`nightly: ${message}\n`);
  process.exit(254);
}

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
if (argv.budget === undefined) usage('--budget is required, e.g. --budget 10m');
let budgetMs: number;
try {
  budgetMs = parseBudgetMs(String(argv.budget));
} catch (err) {
  usage((err as Error).message);
}
const firstSeed = argv.seed === undefined ? Number(new Date().toISOString().slice(0, 10).replace(/-/g, '')) : Number(argv.seed);
if (!Number.isSafeInteger(firstSeed) || firstSeed < 0) usage(`--seed must be a non-negative integer; got ${JSON.stringify(argv.seed)}`);
// Short budgets get short real runs: about a twelfth of the budget, from 5 to 30 seconds.
const timeLimitS = argv['time-limit'] === undefined ? Math.min(30, Math.max(5, Math.round(budgetMs / 12_000))) : Number(argv['time-limit']);
if (!Number.isInteger(timeLimitS) || timeLimitS < 1 || timeLimitS > 3600) usage(`--time-limit must be an integer from 1 to 3600; got ${JSON.stringify(argv['time-limit'])}`);
const recoveryS = 5;
const bugs = ([] as unknown[]).concat(argv.bug ?? []).map(String);
for (const b of bugs) if (!isBugName(b)) usage(`--bug ${JSON.stringify(b)} is unknown; accepted: ${BUG_NAMES.join(', ')}`);

// The nightly directory: results/nightly-<date>, or -2, -3... when it already exists today.
const resultsRoot = path.resolve(root, String(argv.results ?? 'results'));
const date = new Date(started).toISOString().slice(0, 10);
let name = `nightly-${date}`;
for (let k = 2; fs.existsSync(path.join(resultsRoot, name)); k++) name = `nightly-${date}-${k}`;
const nightlyDir = path.join(resultsRoot, name);
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
const simNemeses = ['none', ...FAULT_FAMILIES, FAULT_FAMILIES.join(',')];
// Enough seeds for any budget: the budget, not the plan, ends the night.
const seeds = Array.from({ length: 50 }, (_, i) => firstSeed + i);
const jobs = planJobs({ workloads: WORKLOAD_NAMES, realNemeses, simNemeses, seeds, timeLimitS, recoveryS, simTime: '30s', bugs });
const relRuns = path.relative(root, runsDir);

echo(
  `nightly: ${name}, budget ${(budgetMs / 1000).toFixed(0)} s; workloads ${WORKLOAD_NAMES.join(', ')}; ` +
    `real nemeses ${realNemeses.join(', ')} (${timeLimitS} s runs); sim nemeses ${simNemeses.join(' | ')}; seeds from ${firstSeed}` +
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

async function runJob(job: NightlyJob): Promise<NightlyRun> {
  const before = Date.now();
  const timeoutMs = job.expectMs * 3 + 30_000;
  const p = await $({ cwd: root, nothrow: true, quiet: true, timeout: timeoutMs })`node ${cli} ${jobArgs(job, relRuns)}`;
  const wallMs = Date.now() - before;
  const exitCode = p.exitCode;
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
    const file = path.join(simDir, `${job.id}.json`);
    fs.writeFileSync(file, p.stdout);
    output = path.relative(nightlyDir, file);
    try {
      const json = JSON.parse(p.stdout.trim().split('\n').pop() ?? '{}') as { failures?: string[]; replay?: string };
      problems = (json.failures ?? []).slice(0, 5);
      if (json.replay !== undefined) replay = json.replay;
    } catch {
      problems = exitCode === 0 ? [] : ['no JSON summary on stdout'];
    }
  }
  if (verdictOf(exitCode) === 'tool-failed') problems = [...problems, ...p.stderr.trim().split('\n').slice(-5)];
  return { id: job.id, kind: job.kind, workload: job.workload, nemesis: job.nemesis, seed: job.seed, verdict: verdictOf(exitCode), exitCode, wallMs, replay, output, problems };
}

const runs: NightlyRun[] = [];
let skipped = 0;
for (const job of jobs) {
  const elapsed = Date.now() - started;
  // Stop starting runs that would overrun (a little slack for writing the summary).
  if (elapsed + job.expectMs > budgetMs - 2_000) {
    skipped++;
    continue;
  }
  const run = await runJob(job);
  runs.push(run);
  echo(`  ${run.verdict.padEnd(11)} ${run.id} (${(run.wallMs / 1000).toFixed(1)} s)${run.verdict === 'valid' ? '' : `\n    replay: ${run.replay}`}`);
}

const summary: NightlySummary = {
  name,
  bugs,
  startedAt: new Date(started).toISOString(),
  budgetMs,
  elapsedMs: Date.now() - started,
  planned: jobs.length,
  skipped,
  counts: countVerdicts(runs),
  runs,
};
fs.writeFileSync(path.join(nightlyDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
fs.writeFileSync(path.join(nightlyDir, 'summary.html'), renderSummaryHtml(summary));
const c = summary.counts;
echo(
  `nightly: ${runs.length} runs in ${(summary.elapsedMs / 1000).toFixed(0)} s: ${c.invalid} invalid, ${c['tool-failed']} tool failures, ` +
    `${c.unknown} unknown, ${c.valid} valid\n  ${path.relative(root, path.join(nightlyDir, 'summary.html'))}`,
);
process.exit(c.invalid > 0 ? 1 : c['tool-failed'] > 0 ? 255 : 0);
