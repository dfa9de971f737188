// `raft-chaos sim --scenario NAME`: one seed of a directed bug scenario (src/bugs/scenarios) in the
// simulator: its cluster shape and client load, its generator of fault ops in virtual time, the
// final heal, then every checker. Prints a summary; exit 0 when every check held, 1 when one failed.
import type { BugName } from '../raft/types.js';
import type { ScenarioSpec } from '../bugs/scenarios/spec.js';
import { runScenario } from '../bugs/sim-scenario.js';

/** The command that replays one seed of a scenario. */
export function scenarioReplay(name: string, seed: number, bugs: readonly BugName[]): string {
  return ['npx raft-chaos sim', `--scenario ${name}`, `--seed ${seed}`, ...bugs.map((b) => `--bug ${b}`)].join(' ');
}

export interface ScenarioRunSummary {
  readonly ok: boolean;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export async function simulateScenario(spec: ScenarioSpec, seed: number, bugs: readonly BugName[]): Promise<ScenarioRunSummary> {
  const started = performance.now();
  const r = await runScenario(spec, seed, bugs);
  const wallMs = Math.round(performance.now() - started);
  const { verdict } = r;
  const ok = verdict.checkers.length === 0 && verdict.failures.length === 0;
  const replay = scenarioReplay(spec.name, seed, bugs);
  const lines = [
    `raft-chaos sim --scenario ${spec.name}: seed ${seed}, ${spec.nodes} nodes, ${spec.faultPhaseUs / 1e6} s of faults` + (bugs.length > 0 ? `, bugs: ${bugs.join(', ')}` : ''),
    `  ${spec.description}`,
    ok
      ? `VALID (${(r.virtualUs / 1e6).toFixed(1)} virtual s in ${(wallMs / 1000).toFixed(2)} s wall)`
      : `INVALID: ${verdict.checkers.join(', ') || 'failures'}${verdict.firstUs === null ? '' : ` (first evidence at ${(verdict.firstUs / 1e6).toFixed(2)} virtual s)`}`,
    ...verdict.failures.slice(0, 20).map((f) => `  - ${f}`),
    `replay: ${replay}`,
  ];
  return {
    ok,
    text: lines.join('\n'),
    json: { ok, scenario: spec.name, seed, bugs, checkers: verdict.checkers, failures: verdict.failures, virtualUs: r.virtualUs, wallMs, replay },
  };
}
