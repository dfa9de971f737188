// `npm run bug-matrix`: runs each bug over N seeds of the undirected swarm (`raft-chaos sim --bug
// NAME --seed S`) and of its catalogue plan in simulation (and with --real over a few short real
// runs), with and without the bug, and prints the detection matrix as markdown. One cell is one
// bug on one seed in one mode (scripts/bug-matrix/plan.ts). Options:
//   --seeds N         simulation seeds per bug, swarm and plan each (default 20)
//   --real            also real runs (builds dist/ first); --real-seeds M (default 2)
//   --lab             also the lab-API fixtures of lab-go (scripts/bug-matrix/lab-plans.ts) on both
//                     module paths, each beside the correct fixture; --lab-seeds K per module path
//                     (default 1); needs Go (apt-get install -y golang-go)
//   --skip-build      with --real or --lab: dist/ is already built (shards run side by side build once)
//   --bug NAME        only this bug (repeatable)
//   --seed N          one seed of one bug (--bug): print its verdict and replay command
//   --without-bug     with --seed: run the scenario without the bug
//   --shard I/N       only every N-th cell, starting at the I-th; merge the shards' summaries with
//                     `npx tsx scripts/merge-shards.ts`
//   --summary FILE    write the shard summary (JSON) there, again after every cell (default with
//                     --shard: results/bug-matrix/shard-I-of-N.json)
//   --update-readme   write the table into README.md between the bug-matrix markers (unsharded)
//   --resume FILE     a summary this plan and shard wrote before (a run that was stopped, or one
//                     to redo in part): its recorded cells are kept, not run again, and the new
//                     summary holds them with the rest; --redo MODE (repeatable) runs that mode's
//                     cells again all the same (e.g. --redo lab after a change to the lab adapter)
import { $, argv, echo, fs } from 'zx';
import path from 'node:path';
import { BUG_NAMES, isBugName } from '../src/raft/bugs.js';
import { detectSim, detectSwarm } from '../src/bugs/detect-sim.js';
import { detectReal } from '../src/bugs/detect-real.js';
import { detectLab } from './bug-matrix/detect-lab.js';
import type { Detection } from '../src/bugs/types.js';
import type { BugName } from '../src/raft/types.js';
import { matrixBlock, matrixExitCode } from './bug-matrix/page.js';
import { matrixCellProblem, MATRIX_MODES, planMatrix } from './bug-matrix/plan.js';
import type { MatrixCellResult, MatrixPlan } from './bug-matrix/plan.js';
import { replaceReadmeBlock } from './bug-matrix/readme.js';
import { cellsOfShard, parseShard, shardText, WHOLE } from './shard/shard.js';
import type { Shard } from './shard/shard.js';
import { readShardSummary, shardSummaryOf, canonicalJson, writeShardSummary } from './shard/summary-file.js';
import type { ShardSummary } from './shard/summary-file.js';

function usage(message: string): never {
  process.stderr.write(`bug-matrix: ${message}\n`);
  process.exit(254);
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) usage(`--${name} must be an integer from 1 to 10000; got ${JSON.stringify(value)}`);
  return n;
}

const root = path.resolve(import.meta.dirname, '..');
const requested = ([] as unknown[]).concat(argv.bug ?? []).map(String);
for (const b of requested) if (!isBugName(b)) usage(`--bug ${JSON.stringify(b)} is unknown; accepted: ${BUG_NAMES.join(', ')}`);
const bugs: BugName[] = requested.length > 0 ? (requested as BugName[]) : [...BUG_NAMES];
const seeds = positiveInt('seeds', argv.seeds, 20);
const realSeeds = positiveInt('real-seeds', argv['real-seeds'], 2);
const labSeeds = positiveInt('lab-seeds', argv['lab-seeds'], 1);
let shard: Shard = WHOLE;
if (argv.shard !== undefined) {
  try {
    shard = parseShard(argv.shard);
  } catch (err) {
    usage((err as Error).message);
  }
}
if (argv['update-readme'] === true && shard.count > 1) usage(`--update-readme needs the whole matrix, not --shard ${shardText(shard)}: merge the shards with \`npx tsx scripts/merge-shards.ts --update-readme\``);

function show(d: Detection): void {
  const verdict = d.caught ? `CAUGHT by ${d.checkers.join(', ')} at ${d.detectedAtS?.toFixed(2)} s` : 'not caught';
  echo(`${d.bug} seed ${d.seed} ${d.withBug ? 'with the bug' : 'without the bug'}: ${verdict} (${d.wallMs} ms wall)`);
  for (const f of d.failures.slice(0, 10)) echo(`  - ${f}`);
  echo(`  replay: ${d.replay}`);
}

if (argv.seed !== undefined) {
  // One attempt, for replaying what a test or the matrix printed.
  if (bugs.length !== 1) usage('--seed needs exactly one --bug NAME');
  const seed = Number(argv.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) usage(`--seed must be a non-negative integer; got ${JSON.stringify(argv.seed)}`);
  const d = await detectSim(bugs[0]!, seed, argv['without-bug'] !== true);
  show(d);
  process.exit(d.caught ? 1 : 0);
}

const real = argv.real === true;
const lab = argv.lab === true;
const planFlags = [`--seeds ${seeds}`, ...(real ? [`--real --real-seeds ${realSeeds}`] : []), ...(lab ? [`--lab --lab-seeds ${labSeeds}`] : []), ...requested.map((b) => `--bug ${b}`)];
const specs = planMatrix(bugs, seeds, real ? realSeeds : null, lab ? labSeeds : null);
const plan: MatrixPlan = {
  command: `npm run bug-matrix -- ${planFlags.join(' ')}`,
  cellIds: specs.map((c) => c.id),
  bugs,
  seeds,
  realSeeds: real ? realSeeds : null,
  labSeeds: lab ? labSeeds : null,
};
const mine = cellsOfShard(specs, shard);
const summaryFile =
  argv.summary !== undefined ? path.resolve(String(argv.summary)) : shard.count > 1 ? path.join(root, 'results', 'bug-matrix', `shard-${shard.index}-of-${shard.count}.json`) : null;
if (summaryFile !== null && fs.existsSync(summaryFile)) usage(`${summaryFile} already exists; give another --summary FILE (a recorded shard is never overwritten)`);
const redo = ([] as unknown[]).concat(argv.redo ?? []).map(String);
for (const m of redo) if (!(MATRIX_MODES as readonly string[]).includes(m)) usage(`--redo ${JSON.stringify(m)} is not a mode; accepted: ${MATRIX_MODES.join(', ')}`);
if (redo.length > 0 && argv.resume === undefined) usage('--redo needs --resume FILE: the summary whose other cells are kept');
const resumed = new Map<string, MatrixCellResult>();
/** The resumed summary's wall time, added to this run's (with --redo it includes the cells run again). */
let resumedElapsedMs = 0;
if (argv.resume !== undefined) {
  const file = path.resolve(String(argv.resume));
  let earlier;
  try {
    earlier = readShardSummary(file, () => matrixCellProblem);
  } catch (err) {
    usage((err as Error).message);
  }
  if (earlier.kind !== 'bug-matrix') usage(`--resume ${file}: a ${earlier.kind} summary, not a bug matrix's`);
  if (canonicalJson(earlier.plan) !== canonicalJson(plan)) usage(`--resume ${file}: written by another plan (${(earlier.plan as MatrixPlan).command}); this one is ${plan.command}`);
  if (earlier.shard.index !== shard.index || earlier.shard.count !== shard.count) usage(`--resume ${file}: shard ${shardText(earlier.shard)}, not ${shardText(shard)}`);
  for (const cell of earlier.cells as MatrixCellResult[]) if (!redo.includes(cell.mode)) resumed.set(cell.id, cell);
  resumedElapsedMs = earlier.execution.elapsedMs;
  process.stderr.write(`bug-matrix: ${resumed.size} cells kept from ${file}${redo.length > 0 ? ` (${redo.join(', ')} cells run again)` : ''}\n`);
}
const shardCommand = `npm run bug-matrix -- ${[...planFlags, ...(shard.count > 1 ? [`--shard ${shardText(shard)}`] : []), ...(summaryFile !== null ? [`--summary ${path.relative(root, summaryFile)}`] : [])].join(' ')}`;
if (shard.count > 1) process.stderr.write(`bug-matrix: shard ${shardText(shard)}: ${mine.length} of ${specs.length} cells\n`);

if (argv['skip-build'] !== true && mine.some((c) => !resumed.has(c.cell.id) && (c.cell.mode === 'real' || c.cell.mode === 'lab'))) await $({ stdio: 'inherit' })`npm run build`;
const realDir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'raft-chaos-matrix-'));
const startedAt = new Date().toISOString();
const started = performance.now();
const done: MatrixCellResult[] = [];
const summaryNow = (complete: boolean): ShardSummary<MatrixPlan, MatrixCellResult> =>
  shardSummaryOf('bug-matrix', plan, shard, { command: shardCommand, startedAt, elapsedMs: resumedElapsedMs + Math.round(performance.now() - started), complete }, done);
if (summaryFile !== null) writeShardSummary(summaryFile, summaryNow(false));

try {
  for (const { index, cell } of mine) {
    const kept = resumed.get(cell.id);
    if (kept !== undefined) {
      done.push(kept);
      continue;
    }
    const attempt = (withBug: boolean): Promise<Detection> => {
      switch (cell.mode) {
        case 'swarm':
          return detectSwarm(cell.bug, cell.seed, withBug);
        case 'sim':
          return detectSim(cell.bug, cell.seed, withBug);
        case 'real':
          return detectReal(cell.bug, cell.seed, realDir, withBug);
        case 'lab':
          if (cell.module === undefined) throw new Error(`${cell.id}: a lab cell without a module path`);
          return detectLab(cell.bug, cell.module, cell.seed, realDir, withBug);
      }
    };
    const withBug = await attempt(true);
    const clean = await attempt(false);
    done.push({ index, id: cell.id, bug: cell.bug, mode: cell.mode, seed: cell.seed, ...(cell.module !== undefined ? { module: cell.module } : {}), withBug, clean });
    if (summaryFile !== null) writeShardSummary(summaryFile, summaryNow(false));
    if (clean.caught) process.stderr.write(`bug-matrix: ${cell.id}: the run WITHOUT the bug was flagged: ${clean.replay}\n`);
    const last = mine[mine.length - 1]?.cell;
    const next = mine[done.length]?.cell;
    if (cell === last || next?.bug !== cell.bug || next.mode !== cell.mode) {
      const ofBug = done.filter((c) => c.bug === cell.bug && c.mode === cell.mode);
      const caught = ofBug.filter((c) => c.withBug.caught).length;
      const flagged = ofBug.filter((c) => c.clean.caught).length;
      process.stderr.write(`${cell.bug}: ${cell.mode} ${caught}/${ofBug.length} caught, ${flagged}/${ofBug.length} clean runs flagged\n`);
    }
  }
} catch (err) {
  // The summary so far stays on disk, marked unfinished; the merge refuses it by name.
  process.stderr.write(`bug-matrix: the tool failed in a cell: ${(err as Error).message}\n${summaryFile !== null ? `  ${done.length} cells kept in ${summaryFile} (unfinished)\n` : ''}`);
  process.exit(255);
} finally {
  fs.rmSync(realDir, { recursive: true, force: true });
}

const summary = summaryNow(true);
if (summaryFile !== null) {
  writeShardSummary(summaryFile, summary);
  process.stderr.write(`bug-matrix: shard summary ${summaryFile}\n`);
}
const elapsedS = summary.execution.elapsedMs / 1000;
const timing = { shards: 1, totalS: elapsedS, longestS: elapsedS };
const block = matrixBlock(plan, done, timing);
// A shard's table has rows only for the bugs it ran.
const shardPlan = { ...plan, bugs: plan.bugs.filter((b) => done.some((c) => c.bug === b)) };
echo(shard.count > 1 ? `Shard ${shardText(shard)} only (${mine.length} of ${specs.length} cells):\n\n${matrixBlock(shardPlan, done, timing)}` : block);

if (argv['update-readme'] === true) {
  try {
    replaceReadmeBlock(path.join(root, 'README.md'), block);
  } catch (err) {
    usage((err as Error).message);
  }
  process.stderr.write('README.md updated\n');
}
process.exit(matrixExitCode(done));
