// The hard-history benchmark: every file of ../shared/histories/hard (or $RAFT_CHAOS_HISTORIES/hard)
// checked by the built command line, `node dist/src/cli.js check FILE --timeout 60`, one process per
// file as Porcupine was measured (start-up and parsing included), our wall time, CPU time and peak
// memory printed beside the MANIFEST's Porcupine figures. Target: the same verdict, time and peak
// memory at most Porcupine's, and a verdict where Porcupine gave up (60,000 ms or more). Wall time
// grows with the load of this shared machine; CPU time is printed beside it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const cli = join(root, 'dist', 'src', 'cli.js');
/** Loaded before the CLI: prints the process's CPU time and peak memory when it exits. */
const probe = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nbench-probe '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
const BUDGET_S = 60;

interface Row {
  readonly file: string;
  readonly expected: string;
  readonly porcupineMs: number;
  readonly porcupineMb: number;
}

function manifest(dir: string): Row[] {
  const lines = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split('\t');
  const col = (name: string): number => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const f = line.split('\t');
    return { file: f[col('file')]!, expected: f[col('expected')]!, porcupineMs: Number(f[col('porcupine_ms')]), porcupineMb: Number(f[col('porcupine_rss_mb')]) };
  });
}

const VERDICT: Record<number, string> = { 0: 'linearizable', 1: 'not-linearizable', 2: 'unknown' };

export async function main(): Promise<void> {
  const dir = join(process.env.RAFT_CHAOS_HISTORIES ?? resolve(root, '..', 'shared', 'histories'), 'hard');
  if (!existsSync(join(dir, 'MANIFEST.tsv'))) {
    console.warn('checker-hard bench: ../shared/histories/hard not found (set RAFT_CHAOS_HISTORIES); skipping');
    return;
  }
  if (process.env.RAFT_CHAOS_SKIP_BUILD !== '1') execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; node ${process.version}; budget ${BUDGET_S} s per file`);
  console.log(
    `${'file'.padEnd(26)} ${'expected'.padEnd(16)} ${'ours'.padEnd(16)} ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)} ${'peak MB'.padStart(8)}` +
      `  | ${'Porcupine ms'.padStart(12)} ${'MB'.padStart(6)}  target`,
  );
  let met = 0;
  const rows = manifest(dir);
  for (const row of rows) {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--import', probe, cli, 'check', join(dir, row.file), '--timeout', String(BUDGET_S)], { encoding: 'utf8' });
    const wallMs = performance.now() - started;
    const m = /bench-probe (\d+) (\d+)/.exec(r.stderr ?? '');
    const peakMb = m ? Number(m[1]) / 1024 : NaN;
    const cpuMs = m ? Number(m[2]) / 1000 : NaN;
    const ours = VERDICT[r.status ?? -1] ?? `exit ${String(r.status)}`;
    const gaveUp = row.porcupineMs >= BUDGET_S * 1000;
    const misses: string[] = [];
    if (ours !== row.expected) misses.push('verdict');
    // On a loaded machine wall time says little: a miss by wall time alone is marked as such.
    if (!gaveUp && wallMs > row.porcupineMs) misses.push(cpuMs > row.porcupineMs ? 'time' : 'wall time (cpu within)');
    if (peakMb > row.porcupineMb) misses.push('memory');
    if (misses.length === 0) met++;
    console.log(
      `${row.file.padEnd(26)} ${row.expected.padEnd(16)} ${ours.padEnd(16)} ${wallMs.toFixed(0).padStart(8)} ${cpuMs.toFixed(0).padStart(8)} ${peakMb.toFixed(0).padStart(8)}` +
        `  | ${(gaveUp ? `gave up (${row.porcupineMs.toFixed(0)})` : row.porcupineMs.toFixed(1)).padStart(12)} ${String(row.porcupineMb).padStart(6)}  ${misses.length === 0 ? 'met' : `NOT met: ${misses.join(', ')}`}`,
    );
  }
  console.log(`hard/: target met on ${met} of ${rows.length} files (our wall and CPU time against Porcupine's whole-process time)`);
}
