// The lab-go detection matrix: every fixture of test/fixtures/lab-go/generated (written first from
// source/ by generate.mjs: the correct lab Raft and one per classic mistake), for the 6.824 and the
// 6.5840 module paths, run for real under a nemesis with several seeds; which checker caught each,
// and how often. Each run goes through the lab runner (runLabGo) exactly as `raft-chaos run
// --subject lab-go` does. Prints a Markdown table (--update-readme writes it between the
// lab-go-matrix markers of README.md; --only a,b limits the fixtures; --scenario stale-leader
// runs the lab subject's scenario instead of --nemesis; --first-seed S, default 1). With
// --run-defaults every run option is `raft-chaos run`'s default (5 nodes, 30 s, interval 5 s,
// 5 clients at 20 ops/s), as `raft-chaos run --subject lab-go --lab-raft DIR --nemesis
// partition,crash` runs; without it the matrix's quicker defaults (3 nodes, 20 s, interval 2 s).
// --latency SPEC and --loss P are lab-go's own network flags and --partition-shapes S the run's,
// passed as `raft-chaos run` takes them; --lab-long-reordering and --lab-snapshot-every N too (absent: the run's default, 10
// for these fixtures, which have Snapshot). The apply-holding-lock row always snapshots every 10
// (the 2D tester's interval): its deadlock needs the applyCh reader to call rf.Snapshot.
//
//   npx tsx scripts/lab-go-matrix.ts --seeds 3 --run-defaults --nemesis partition,crash
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLabGo } from '../src/commands/lab-go.js';
import { RUN_DEFAULTS } from '../src/control/runner/run-options.js';
import type { RunResults } from '../src/control/checks/check-run.js';
import { generateLabGoFixtures } from '../test/fixtures/lab-go/generate.mjs';
import { LAB_SNAPSHOT_INTERVAL } from '../src/subjects/lab-go/snapshots.js';

const FIXTURES = generateLabGoFixtures();
const MISTAKES = [
  'correct',
  'no-persist',
  'vote-without-up-to-date',
  'apply-beyond-commit',
  'timer-reset-by-any-message',
  'commit-not-capped',
  'next-index-double-advance',
  'commit-by-count',
  'apply-holding-lock',
];
const MODULES = ['6.824', '6.5840'];
/** Flags a row needs whatever the script was given. */
const ROW_FLAGS: Readonly<Record<string, { 'lab-snapshot-every': number }>> = {
  'apply-holding-lock': { 'lab-snapshot-every': LAB_SNAPSHOT_INTERVAL },
};

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1]! : fallback;
}

function caughtBy(r: RunResults): string[] {
  const by: string[] = [];
  if (r.checkers.linearizability.valid === false) by.push('linearizability');
  const inv = r.checkers.invariants;
  if ('violations' in inv) for (const v of inv.violations) if (v.certain && !by.includes(v.invariant)) by.push(v.invariant);
  for (const f of r.checkers.findings?.findings ?? []) if (!by.includes(f.kind)) by.push(f.kind);
  return by;
}

const runDefaults = process.argv.includes('--run-defaults');
const seeds = Number(arg('seeds', '3'));
const timeLimitS = Number(arg('time-limit', runDefaults ? String(RUN_DEFAULTS.timeLimitS) : '20'));
const scenario = arg('scenario', '');
const nemesisText = arg('nemesis', scenario !== '' ? 'none' : 'partition,crash');
const intervalS = Number(arg('nemesis-interval', runDefaults ? String(RUN_DEFAULTS.nemesisIntervalS) : '2'));
const only = arg('only', '');
const nodes = Number(arg('nodes', runDefaults ? String(RUN_DEFAULTS.nodes) : '3'));
const load = runDefaults ? { concurrency: RUN_DEFAULTS.concurrency, rate: RUN_DEFAULTS.rate } : { concurrency: 3, rate: 30 };
const firstSeed = Number(arg('first-seed', '1'));
const latency = arg('latency', '');
const loss = arg('loss', '');
const shapes = arg('partition-shapes', '');
const snapshotEvery = arg('lab-snapshot-every', '');
const longReordering = process.argv.includes('--lab-long-reordering');
const network = {
  ...(latency !== '' ? { latency } : {}),
  ...(loss !== '' ? { loss: Number(loss) } : {}),
  ...(snapshotEvery !== '' ? { 'lab-snapshot-every': Number(snapshotEvery) } : {}),
  ...(longReordering ? { 'lab-long-reordering': true } : {}),
};
const resultsDir = arg('results-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-matrix-')));
const started = Date.now();
const rows: string[] = [];
const json: unknown[] = [];
for (const mistake of MISTAKES.filter((m) => only === '' || only.split(',').includes(m))) {
  for (const mod of MODULES) {
    let caught = 0;
    const byCount = new Map<string, number>();
    const times: number[] = [];
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const outcome = await runLabGo(
        { 'lab-raft': path.join(FIXTURES, mod, mistake), ...network, ...ROW_FLAGS[mistake] },
        { ...RUN_DEFAULTS, nodes, timeLimitS, ...load, nemesis: nemesisText, ...(scenario !== '' ? { scenario } : {}), nemesisIntervalS: intervalS, ...(shapes !== '' ? { partitionShapes: shapes } : {}), seed, resultsDir, bugs: [], noReport: true },
        { out: { write: () => true }, renderReport: null },
      );
      const by = caughtBy(outcome.results);
      if (outcome.valid === false) caught++;
      for (const b of by) byCount.set(b, (byCount.get(b) ?? 0) + 1);
      const inv = outcome.results.checkers.invariants;
      const evidenceS = [
        ...('violations' in inv ? inv.violations.map((v) => v.time / 1e9) : []),
        ...(outcome.results.checkers.findings?.findings ?? []).flatMap((f) => (f.timeS !== undefined ? [f.timeS] : [])),
      ];
      if (evidenceS.length > 0) times.push(Math.min(...evidenceS));
      json.push({ mistake, module: mod, seed, valid: outcome.valid, caughtBy: by, run: outcome.run.dir });
      process.stderr.write(`${mistake} ${mod} seed ${seed}: ${String(outcome.valid)} ${by.join(',')} (${outcome.run.dir})\n`);
    }
    const byText = [...byCount].map(([k, n]) => `${k} (${n}/${seeds})`).join(', ') || '-';
    const median = times.length === 0 ? '-' : `${times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!.toFixed(1)} s`;
    const rowFlag = ROW_FLAGS[mistake];
    const rowFlags = rowFlag !== undefined ? ` (\`--lab-snapshot-every ${rowFlag['lab-snapshot-every']}\`)` : '';
    rows.push(`| \`${mistake}\`${rowFlags} | ${mod} | ${mistake === 'correct' ? `${seeds - caught}/${seeds} valid` : `${caught}/${seeds} caught`} | ${byText} | ${median} |`);
  }
}
const table = [
  `Measured with \`npx tsx scripts/lab-go-matrix.ts --seeds ${seeds}${firstSeed !== 1 ? ` --first-seed ${firstSeed}` : ''}${runDefaults ? ' --run-defaults' : ''} --time-limit ${timeLimitS} --nemesis ${nemesisText} --nemesis-interval ${intervalS}${scenario !== '' ? ` --scenario ${scenario}` : ''}${latency !== '' ? ` --latency ${latency}` : ''}${loss !== '' ? ` --loss ${loss}` : ''}${shapes !== '' ? ` --partition-shapes ${shapes}` : ''}${snapshotEvery !== '' ? ` --lab-snapshot-every ${snapshotEvery}` : ''}${longReordering ? ' --lab-long-reordering' : ''} --nodes ${nodes}\` (${nodes} nodes, ${load.concurrency} clients at ${load.rate} ops/s, ${Math.round((Date.now() - started) / 1000)} s wall).`,
  '',
  '| fixture | module | verdicts | caught by | median first evidence (invariant or finding, since start) |',
  '|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
fs.writeFileSync(path.join(resultsDir, 'matrix.json'), JSON.stringify(json, null, 2));
console.log(`\n(runs in ${resultsDir})`);
if (process.argv.includes('--update-readme')) {
  const readme = path.resolve(import.meta.dirname, '..', 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- lab-go-matrix:start -->';
  const end = '<!-- lab-go-matrix:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md has no lab-go-matrix markers');
  fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
}
