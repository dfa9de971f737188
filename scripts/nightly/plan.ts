// The nightly plan: one simulated cell per seed of the night's range (the swarm), then, unless
// --sim-only, real runs (workloads x nemeses) for the first few seeds of the range. Cells are in the
// order they run; a shard takes every N-th (scripts/shard/shard.ts). Each cell carries its command
// and its expected wall time, so the budget can stop starting cells that would overrun it.
import type { SimCellOptions } from './sim-cell.js';
import { simArgs, simReplay } from './sim-cell.js';

export type NightlyJob =
  | {
      readonly kind: 'real';
      readonly id: string;
      readonly workload: string;
      readonly nemesis: string;
      readonly seed: number;
      readonly timeLimitS: number;
      readonly recoveryS: number;
      /** Expected wall time: fault phase + recovery + setup and checks. */
      readonly expectMs: number;
      readonly bugs: readonly string[];
    }
  | {
      readonly kind: 'sim';
      readonly id: string;
      /** The simulator draws the workload mix and the faults from the seed. */
      readonly workload: string;
      readonly nemesis: string;
      readonly seed: number;
      readonly sim: SimCellOptions;
      readonly expectMs: number;
      readonly bugs: readonly string[];
    };

export interface RealPlanOptions {
  readonly workloads: readonly string[];
  readonly nemeses: readonly string[];
  /** Real runs go to the first this many seeds of the range. */
  readonly seeds: number;
  readonly timeLimitS: number;
  readonly recoveryS: number;
}

export interface PlanOptions {
  readonly seeds: readonly number[];
  /** Virtual time of one simulated seed's fault phase ("30s"). */
  readonly simTime: string;
  /** Real runs, or null for a simulated night. */
  readonly real: RealPlanOptions | null;
  /** Bugs switched on in every run (a self-check of the nightly: its runs must then fail). */
  readonly bugs?: readonly string[];
}

/** Setup, teardown and checking of one real run, beyond its time limit and recovery. */
export const REAL_OVERHEAD_MS = 6_000;
/** A simulated seed of 30 virtual seconds takes about a second (node start, run, checks). */
export const SIM_EXPECT_MS = 2_000;
/** What the simulated cells run, in the summary's columns. */
export const SIM_WORKLOAD = 'built-in mix';
export const SIM_NEMESIS = 'bad day (seed)';

export function planJobs(o: PlanOptions): NightlyJob[] {
  const bugs = o.bugs ?? [];
  const jobs: NightlyJob[] = o.seeds.map((seed) => ({
    kind: 'sim',
    id: `sim-${seed}`,
    workload: SIM_WORKLOAD,
    nemesis: SIM_NEMESIS,
    seed,
    sim: { simTime: o.simTime, bugs },
    expectMs: SIM_EXPECT_MS,
    bugs,
  }));
  if (o.real === null) return jobs;
  const r = o.real;
  for (const seed of o.seeds.slice(0, r.seeds)) {
    for (const workload of r.workloads) {
      for (const nemesis of r.nemeses) {
        jobs.push({
          kind: 'real',
          id: `real-${workload}-${nemesis.replace(/,/g, '+')}-${seed}`,
          workload,
          nemesis,
          seed,
          timeLimitS: r.timeLimitS,
          recoveryS: r.recoveryS,
          expectMs: (r.timeLimitS + r.recoveryS) * 1000 + REAL_OVERHEAD_MS,
          bugs,
        });
      }
    }
  }
  return jobs;
}

/** The arguments of `node dist/src/cli.js` for a job. */
export function jobArgs(job: NightlyJob, resultsDir: string): string[] {
  switch (job.kind) {
    case 'real':
      return [
        'run',
        '--workload', job.workload,
        '--nemesis', job.nemesis,
        '--seed', String(job.seed),
        '--time-limit', String(job.timeLimitS),
        '--recovery', String(job.recoveryS),
        '--nemesis-interval', '2',
        '--nodes', '3',
        '--results-dir', resultsDir,
        ...job.bugs.flatMap((b) => ['--bug', b]),
      ];
    case 'sim':
      return simArgs(job.seed, job.sim);
  }
}

/** The shell command that replays a job (from the project root). */
export function replayCommand(job: NightlyJob, resultsDir: string): string {
  if (job.kind === 'sim') return simReplay(job.seed, job.sim);
  return ['node dist/src/cli.js', ...jobArgs(job, resultsDir)].join(' ');
}
