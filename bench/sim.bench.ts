// Simulator speed: virtual seconds per wall second for a 5-node cluster with 10 clients issuing
// 100 operations per virtual second in total, default timeouts, no faults, with and without the
// node event logs (the seed sweep records them). Target: at least 200x real time.
//
// Each figure is given two ways, with the machine's load average, since the cores are shared:
//   wall: virtual s / wall-clock s (what a user waits; shrinks when other processes run);
//   CPU:  virtual s / CPU s of this process (process.cpuUsage: user + system, all threads, so the
//         GC's helper threads count too; hardly moved by other processes).
// The run is repeated; the best and the median of the repeats are printed.
// The source runs through tsx here; when dist/ is fresh (npm run build), the compiled code that
// `npx raft-chaos sim` runs is measured too.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TARGET_X = 200;
const VIRTUAL_S = 300;
const REPEATS = 3;

/** The modules one run needs, from the source or from dist/. */
interface SimModules {
  readonly createRng: typeof import('../src/raft/index.js').createRng;
  readonly DEFAULT_CLIENTS: typeof import('../src/sim/clients.js').DEFAULT_CLIENTS;
  readonly SimClients: typeof import('../src/sim/clients.js').SimClients;
  readonly SimCluster: typeof import('../src/sim/cluster.js').SimCluster;
  readonly clusterOptions: typeof import('../src/sim/cluster.js').clusterOptions;
  readonly HistoryRecorder: typeof import('../src/sim/history-recorder.js').HistoryRecorder;
  readonly deriveSeed: typeof import('../src/util/rng.js').deriveSeed;
}

async function loadModules(srcRoot: string, ext: '.ts' | '.js'): Promise<SimModules> {
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(srcRoot, path + ext)).href)) as T;
  const raft = await load<typeof import('../src/raft/index.js')>('raft/index');
  const clients = await load<typeof import('../src/sim/clients.js')>('sim/clients');
  const cluster = await load<typeof import('../src/sim/cluster.js')>('sim/cluster');
  const recorder = await load<typeof import('../src/sim/history-recorder.js')>('sim/history-recorder');
  const seeds = await load<typeof import('../src/util/rng.js')>('util/rng');
  return {
    createRng: raft.createRng,
    DEFAULT_CLIENTS: clients.DEFAULT_CLIENTS,
    SimClients: clients.SimClients,
    SimCluster: cluster.SimCluster,
    clusterOptions: cluster.clusterOptions,
    HistoryRecorder: recorder.HistoryRecorder,
    deriveSeed: seeds.deriveSeed,
  };
}

interface Outcome {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly ops: number;
  readonly messages: number;
}

function runOnce(m: SimModules, seed: number, virtualS: number, recordEvents: boolean): Outcome {
  const cluster = new m.SimCluster(m.clusterOptions({ seed, nodes: 5, recordEvents }));
  const history = new m.HistoryRecorder(() => cluster.nowNs());
  const clients = new m.SimClients(cluster, history, m.createRng(m.deriveSeed(seed, 'clients')), {
    ...m.DEFAULT_CLIENTS,
    count: 10,
    opsPerSecond: 100,
  });
  clients.start();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  cluster.runForUs(virtualS * 1_000_000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - started;
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ops: clients.stats.invoked, messages: cluster.network.stats.sent };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function measure(m: SimModules, label: string): void {
  runOnce(m, 999, 30, true); // warm up the JIT
  for (const recordEvents of [true, false]) {
    const runs: Outcome[] = [];
    for (let k = 0; k < REPEATS; k++) runs.push(runOnce(m, 1, VIRTUAL_S, recordEvents));
    const wallX = runs.map((r) => (VIRTUAL_S * 1000) / r.wallMs);
    const cpuX = runs.map((r) => (VIRTUAL_S * 1000) / r.cpuMs);
    const r = runs[0]!;
    const what = recordEvents ? 'with node event logs (as the seed sweep)' : 'without event logs';
    console.log(
      `sim ${label}, ${what}: 5 nodes, 10 clients, ${(r.ops / VIRTUAL_S).toFixed(0)} ops and ` +
        `${(r.messages / VIRTUAL_S).toFixed(0)} messages per virtual s; ${REPEATS} x ${VIRTUAL_S} virtual s`,
    );
    const best = (xs: number[]): string => Math.max(...xs).toFixed(0);
    console.log(
      `  wall: ${best(wallX)}x real time (median ${median(wallX).toFixed(0)}x)   ` +
        `CPU: ${best(cpuX)}x per CPU second (median ${median(cpuX).toFixed(0)}x)   target >= ${TARGET_X}x`,
    );
  }
}

/** dist/ is usable when every source file under src/ has a compiled file at least as new. */
function freshDist(root: string): boolean {
  const src = join(root, 'src');
  const dist = join(root, 'dist', 'src');
  if (!existsSync(dist)) return false;
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).every((d) => {
      const path = join(dir, d.name);
      if (d.isDirectory()) return walk(path);
      if (!d.name.endsWith('.ts') || d.name.endsWith('.d.ts')) return true;
      const out = join(dist, relative(src, path)).replace(/\.ts$/, '.js');
      return existsSync(out) && statSync(out).mtimeMs >= statSync(path).mtimeMs;
    });
  return walk(src);
}

export async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`machine: ${cpus().length} cores, load average ${load()} (1, 5, 15 min) before`);
  measure(await loadModules(join(root, 'src'), '.ts'), 'source through tsx');
  if (freshDist(root)) {
    measure(await loadModules(join(root, 'dist', 'src'), '.js'), 'compiled dist/');
  } else {
    console.log('  (dist/ missing or older than src/: `npm run build` to measure the compiled code too)');
  }
  console.log(
    `machine: load average ${load()} after (wall figures shrink when other processes share the cores; ` +
      'CPU figures count the GC helper threads as well)',
  );
}
