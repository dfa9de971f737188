// One detection attempt in simulation: a bug's plan (sim-plan.ts) on one seed, with or without the
// bug, judged by the checkers (verdict.ts).
import { DEFAULT_RUN, runSeed, type SimRunResult } from '../sim/run-seed.js';
import type { BugName } from '../raft/types.js';
import { lookupWorkload } from '../../workloads/index.js';
import { scenarioFor } from './catalogue.js';
import { runScenario } from './sim-scenario.js';
import type { Detection } from './types.js';
import { invariantVerdict, linearizabilityEvidence, mergeEvidence } from './verdict.js';
import type { Evidence } from './verdict.js';

const LINEARIZABILITY_BUDGET_MS = 5_000;

/** The command that replays a directed scenario. */
export function directedReplay(scenario: string, bug: BugName, seed: number, withBug: boolean): string {
  return ['npx raft-chaos sim', `--scenario ${scenario}`, `--seed ${seed}`, ...(withBug ? [`--bug ${bug}`] : [])].join(' ');
}

/** The checkers' evidence of one simulated seed: invariants, convergence after the heal, linearizability. */
function seedEvidence(r: SimRunResult): Evidence {
  const parts: Evidence[] = [invariantVerdict(r.invariants)];
  const notConverged = r.failures.find((f) => f.startsWith('liveness: ') && !r.invariants.violations.some((v) => f.endsWith(v.message)));
  if (notConverged !== undefined) parts.push({ checkers: ['liveness'], firstUs: r.stats.virtualUs, failures: [notConverged] });
  parts.push(linearizabilityEvidence(r.history, r.checks.checkers.linearizability));
  return mergeEvidence(...parts);
}

function detection(bug: BugName, seed: number, withBug: boolean, verdict: Evidence, replay: string, started: number): Detection {
  return {
    bug,
    withBug,
    seed,
    caught: verdict.checkers.length > 0,
    checkers: verdict.checkers,
    detectedAtS: verdict.firstUs === null ? null : verdict.firstUs / 1e6,
    failures: verdict.failures,
    replay,
    wallMs: Math.round(performance.now() - started),
  };
}

/**
 * Undirected search: `raft-chaos sim --bug NAME --seed S` exactly as typed, every default (the
 * swarm's bad day, every fault family): nobody says where the bug is.
 */
export async function detectSwarm(bug: BugName, seed: number, withBug = true): Promise<Detection> {
  const started = performance.now();
  const r = await runSeed({ ...DEFAULT_RUN, linearizabilityBudgetMs: LINEARIZABILITY_BUDGET_MS, seed, bugs: withBug ? [bug] : [] });
  return detection(bug, seed, withBug, seedEvidence(r), r.replay, started);
}

export async function detectSim(bug: BugName, seed: number, withBug = true): Promise<Detection> {
  const entry = scenarioFor(bug);
  const bugs = withBug ? [bug] : [];
  const started = performance.now();
  let verdict: Evidence;
  let replay: string;
  if (entry.sim.kind === 'chaos') {
    const { options, workload } = entry.sim;
    // The catalogue's chaos plans were measured on the classic day.
    const r = await runSeed({
      ...DEFAULT_RUN,
      badDay: 'classic',
      ...options,
      linearizabilityBudgetMs: LINEARIZABILITY_BUDGET_MS,
      seed,
      bugs,
      workload: workload === null ? null : lookupWorkload(workload),
    });
    verdict = seedEvidence(r);
    replay = r.replay;
  } else {
    verdict = (await runScenario(entry.sim.spec, seed, bugs)).verdict;
    replay = directedReplay(entry.sim.name, bug, seed, withBug);
  }
  return detection(bug, seed, withBug, verdict, replay, started);
}
