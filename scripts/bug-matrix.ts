// `npm run bug-matrix`: runs each bug's detection scenario over N seeds in simulation (and with
// --real over a few short real runs), with and without the bug, and prints the detection matrix as
// markdown. Options:
//   --seeds N         simulation seeds per bug (default 20)
//   --real            also real runs (builds dist/ first); --real-seeds M (default 2)
//   --bug NAME        only this bug (repeatable)
//   --seed N          one seed of one bug (--bug): print its verdict and replay command
//   --without-bug     with --seed: run the scenario without the bug
//   --update-readme   write the table into README.md between the bug-matrix markers
import { $, argv, echo, fs } from 'zx';
import path from 'node:path';
import { BUG_NAMES, isBugName } from '../src/raft/bugs.js';
import { scenarioFor } from '../src/bugs/catalogue.js';
import { detectSim } from '../src/bugs/detect-sim.js';
import { detectReal } from '../src/bugs/detect-real.js';
import { formatMatrix, formatSimOnlyReasons, summarize } from '../src/bugs/matrix.js';
import type { MatrixRow } from '../src/bugs/matrix.js';
import type { Detection } from '../src/bugs/types.js';
import type { BugName } from '../src/raft/types.js';

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

const requested = ([] as unknown[]).concat(argv.bug ?? []).map(String);
for (const b of requested) if (!isBugName(b)) usage(`--bug ${JSON.stringify(b)} is unknown; accepted: ${BUG_NAMES.join(', ')}`);
const bugs: BugName[] = requested.length > 0 ? (requested as BugName[]) : [...BUG_NAMES];
const seeds = positiveInt('seeds', argv.seeds, 20);
const realSeeds = positiveInt('real-seeds', argv['real-seeds'], 2);

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

if (argv.real === true) await $({ stdio: 'inherit' })`npm run build`;
const realDir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'raft-chaos-matrix-'));
const rows: MatrixRow[] = [];
const started = performance.now();
for (const bug of bugs) {
  const sim: Detection[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    sim.push(await detectSim(bug, seed, true));
    sim.push(await detectSim(bug, seed, false));
  }
  const simCell = summarize(sim);
  process.stderr.write(`${bug}: sim ${simCell.caught}/${simCell.tried} caught, ${simCell.cleanFlagged}/${simCell.cleanTried} clean runs flagged\n`);
  let realCell = null;
  if (argv.real === true && scenarioFor(bug).real.kind === 'real') {
    const real: Detection[] = [];
    for (let seed = 1; seed <= realSeeds; seed++) {
      real.push(await detectReal(bug, seed, realDir, true));
      real.push(await detectReal(bug, seed, realDir, false));
    }
    realCell = summarize(real);
    process.stderr.write(`${bug}: real ${realCell.caught}/${realCell.tried} caught, ${realCell.cleanFlagged}/${realCell.cleanTried} clean runs flagged\n`);
  }
  rows.push({ bug, sim: simCell, real: realCell });
}
fs.rmSync(realDir, { recursive: true, force: true });

const command = `npm run bug-matrix -- --seeds ${seeds}${argv.real === true ? ` --real --real-seeds ${realSeeds}` : ''}`;
const table = formatMatrix(rows);
const reasons = formatSimOnlyReasons(bugs);
const block = [
  `Measured with \`${command}\` (${((performance.now() - started) / 1000).toFixed(0)} s wall). "clean" = the same scenario and seeds without the bug.`,
  '',
  table,
  '',
  ...(argv.real === true && reasons !== '' ? ['Sim-only in real runs:', '', reasons, ''] : []),
].join('\n');
echo(block);

if (argv['update-readme'] === true) {
  const readme = path.resolve(import.meta.dirname, '..', 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bug-matrix:start -->';
  const end = '<!-- bug-matrix:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i === -1 || j < i) usage(`README.md has no ${start} ... ${end} markers`);
  fs.writeFileSync(readme, `${text.slice(0, i + start.length)}\n${block}\n${text.slice(j)}`);
  process.stderr.write('README.md updated\n');
}
const flagged = rows.some((r) => (r.sim?.cleanFlagged ?? 0) > 0 || (r.real?.cleanFlagged ?? 0) > 0);
process.exit(flagged ? 1 : 0);
