// The nightly matrix: workloads x nemeses x seeds, real and simulated, in the order they are run
// (seed-major, real and simulated interleaved, so a short budget still covers every cell once
// before it repeats one), with each run's command and its expected wall time for budgeting.
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
      readonly workload: string;
      readonly nemesis: string;
      readonly seed: number;
      readonly virtualTime: string;
      readonly expectMs: number;
      readonly bugs: readonly string[];
    };

export interface PlanOptions {
  readonly workloads: readonly string[];
  readonly realNemeses: readonly string[];
  readonly simNemeses: readonly string[];
  readonly seeds: readonly number[];
  readonly timeLimitS: number;
  readonly recoveryS: number;
  readonly simTime: string;
  /** Bugs switched on in every run (a self-check of the nightly: its runs must then fail). */
  readonly bugs?: readonly string[];
}

/** Setup, teardown and checking of one real run, beyond its time limit and recovery. */
export const REAL_OVERHEAD_MS = 6_000;
/** A simulated run of 30 virtual seconds takes about this long (node start, run, checks). */
export const SIM_EXPECT_MS = 4_000;

export function planJobs(o: PlanOptions): NightlyJob[] {
  const jobs: NightlyJob[] = [];
  for (const seed of o.seeds) {
    const real: NightlyJob[] = [];
    const sim: NightlyJob[] = [];
    for (const workload of o.workloads) {
      for (const nemesis of o.realNemeses) {
        real.push({
          kind: 'real',
          id: `real-${workload}-${nemesis.replace(/,/g, '+')}-${seed}`,
          workload,
          nemesis,
          seed,
          timeLimitS: o.timeLimitS,
          recoveryS: o.recoveryS,
          expectMs: (o.timeLimitS + o.recoveryS) * 1000 + REAL_OVERHEAD_MS,
          bugs: o.bugs ?? [],
        });
      }
      for (const nemesis of o.simNemeses) {
        sim.push({
          kind: 'sim',
          id: `sim-${workload}-${nemesis.replace(/,/g, '+')}-${seed}`,
          workload,
          nemesis,
          seed,
          virtualTime: o.simTime,
          expectMs: SIM_EXPECT_MS,
          bugs: o.bugs ?? [],
        });
      }
    }
    // Interleave: one real run, then the simulated runs that fit beside it.
    const perReal = Math.max(1, Math.ceil(sim.length / Math.max(1, real.length)));
    let s = 0;
    for (const r of real) {
      jobs.push(r);
      for (let k = 0; k < perReal && s < sim.length; k++) jobs.push(sim[s++]!);
    }
    while (s < sim.length) jobs.push(sim[s++]!);
  }
  return jobs;
}

/** The arguments of `node dist/src/cli.js` for a job. */
export function jobArgs(job: NightlyJob, resultsDir: string): string[] {
  const bugs = job.bugs.flatMap((b) => ['--bug', b]);
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
        ...bugs,
      ];
    case 'sim':
      return ['sim', '--seed', String(job.seed), '--time', job.virtualTime, '--workload', job.workload, '--nemesis', job.nemesis, ...bugs, '--json'];
  }
}

/** The shell command that replays a job (from the project root). */
export function replayCommand(job: NightlyJob, resultsDir: string): string {
  return ['node dist/src/cli.js', ...jobArgs(job, resultsDir).filter((a) => a !== '--json')].join(' ');
}
