// The checker benchmark: read and check every history of ../shared/histories (or
// $RAFT_CHAOS_HISTORIES) in-process, per file and per family, against Porcupine's figures; the
// kv stress case (c10 without partitioning, one whole-map state); and a generated 100,000-operation
// history over 10 keys of a healthy system. Wall times include reading; CPU time is printed beside
// them because this machine is shared (wall time grows with the load average).
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkOperations, checkOperationsSync, readHistoryFile, type CheckResult, type HistoryFormat } from '../src/checker/index.js';
import { generateHistory } from '../test/fixtures/synthetic/histories.js';

const here = dirname(fileURLToPath(import.meta.url));

function historiesDir(): string | null {
  const dir = process.env.RAFT_CHAOS_HISTORIES ?? resolve(here, '..', '..', 'shared', 'histories');
  return existsSync(join(dir, 'porcupine', 'MANIFEST.tsv')) ? dir : null;
}

interface Timed<T> {
  readonly value: T;
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<Timed<T>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const verdictName = (r: CheckResult): string =>
  r.valid === true ? 'linearizable' : r.valid === false ? 'not-linearizable' : 'unknown';

const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

interface FileFigure {
  readonly file: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly ok: boolean;
}

function familyLine(name: string, figures: readonly FileFigure[], targetTotalS: number, targetSlowestS?: number): void {
  const wall = figures.reduce((s, f) => s + f.wallMs, 0);
  const cpu = figures.reduce((s, f) => s + f.cpuMs, 0);
  const slowest = figures.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
  const mismatches = figures.filter((f) => !f.ok).length;
  console.log(
    `${name}: ${figures.length} files, total ${fmt(wall)} wall (${fmt(cpu)} cpu) [Porcupine ~${targetTotalS} s]; ` +
      `slowest ${slowest.file} ${fmt(slowest.wallMs)} wall (${fmt(slowest.cpuMs)} cpu)` +
      `${targetSlowestS === undefined ? '' : ` [Porcupine ~${targetSlowestS} s]`}; verdict mismatches: ${mismatches}`,
  );
}

async function corpus(dir: string): Promise<void> {
  const root = join(dir, 'porcupine');
  const lines = readFileSync(join(root, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  const families = new Map<string, FileFigure[]>();
  for (const line of lines) {
    const [file, format, model, , expected] = line.split('\t') as [string, HistoryFormat, string, string, string];
    const t = await timed(async () => {
      const history = await readHistoryFile(join(root, file), format);
      return checkOperationsSync(history.operations, model);
    });
    const got = verdictName(t.value);
    const ok = got === expected;
    console.log(`  ${file.padEnd(20)} ${fmt(t.wallMs)} wall ${fmt(t.cpuMs)} cpu  ${got}${ok ? '' : `  MISMATCH (expected ${expected})`}`);
    const family = file.split('/')[0]!;
    const list = families.get(family) ?? [];
    list.push({ file, wallMs: t.wallMs, cpuMs: t.cpuMs, ok });
    families.set(family, list);
  }
  const etcd = families.get('etcd');
  const kv = families.get('kv');
  if (etcd) familyLine('etcd (jepsen-etcd-log, cas-register)', etcd, 0.38, 0.16);
  if (kv) familyLine('kv (porcupine-kv-log, partitioned by key)', kv, 0.2);

  console.log('stress: kv without partitioning (model kv-whole, one state holding every key)');
  const targets: Record<string, number> = { 'c10-ok': 2.3, 'c10-bad': 2.0 };
  const expected: Record<string, boolean> = { 'c10-ok': true, 'c10-bad': false };
  for (const name of ['c10-ok', 'c10-bad']) {
    const t = await timed(async () => {
      const history = await readHistoryFile(join(root, 'kv', `${name}.txt`), 'porcupine-kv-log');
      return checkOperationsSync(history.operations, 'kv-whole', { partition: false });
    });
    const ok = t.value.valid === expected[name];
    console.log(
      `  ${name}: ${fmt(t.wallMs)} wall (${fmt(t.cpuMs)} cpu) [Porcupine ~${targets[name]} s] ${verdictName(t.value)}${ok ? '' : ' MISMATCH'}`,
    );
  }
}

async function generated(): Promise<void> {
  const ops = generateHistory({ seed: 42, operations: 100_000, keys: 10, processes: 20, model: 'cas-register', unknownRate: 0.01 });
  console.log(`generated: 100,000 operations over 10 keys, 20 processes, 1% unknown outcomes (seed 42)`);
  const inProcess = await timed(() => checkOperationsSync(ops, 'cas-register'));
  console.log(`  in-process: ${fmt(inProcess.wallMs)} wall (${fmt(inProcess.cpuMs)} cpu) [target < 10 s] ${verdictName(inProcess.value)}`);
  const workers = await timed(() => checkOperations(ops, 'cas-register', { workers: 2 }));
  console.log(
    `  on ${workers.value.mode === 'workers' ? '2 worker threads' : 'no workers (fell back in-process)'}: ${fmt(workers.wallMs)} wall [target < 10 s] ${verdictName(workers.value)}`,
  );
}

export async function main(): Promise<void> {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; node ${process.version}`);
  const dir = historiesDir();
  if (dir === null) {
    console.warn('checker bench: ../shared/histories not found (set RAFT_CHAOS_HISTORIES); skipping the corpus');
  } else {
    await corpus(dir);
  }
  await generated();
}
