// The directed scenarios by name, for `sim --scenario NAME`, `run --scenario NAME` and the bug
// catalogue. Each is a cluster shape, a client load and a generator of fault ops (src/generators).
import type { Nemesis } from '../../plugins.js';
import { healAll } from '../../generators/index.js';
import type { ScenarioSpec } from './spec.js';
import { deafStaleLeader } from './deaf-stale-leader.js';
import { duplicatingFailover } from './duplicating-failover.js';
import { duplicatingNetwork } from './duplicating-network.js';
import { figure8 } from './figure-8.js';
import { deposedLeaderTail, longStaleLog } from './long-stale-log.js';
import { rejoiningCandidate } from './rejoining-candidate.js';
import { slowLeaderLease } from './slow-leader-lease.js';

export const SCENARIOS: ReadonlyMap<string, ScenarioSpec> = new Map(
  [figure8, longStaleLog, deposedLeaderTail, duplicatingNetwork, rejoiningCandidate, slowLeaderLease, deafStaleLeader, duplicatingFailover].map((s) => [s.name, s]),
);

export const SCENARIO_NAMES: readonly string[] = [...SCENARIOS.keys()];

/** The scenario called `name`, or a RangeError naming the known ones. */
export function lookupScenario(name: string): ScenarioSpec {
  const spec = SCENARIOS.get(name);
  if (spec === undefined) throw new RangeError(`unknown scenario ${JSON.stringify(name)}; known: ${SCENARIO_NAMES.join(', ')}`);
  return spec;
}

/**
 * A scenario as a nemesis package for a real run of timeLimitS: its generator for that fault
 * phase, and heal-all as its final generator.
 */
export function scenarioNemesis(spec: ScenarioSpec, timeLimitS: number): Nemesis {
  return {
    name: `scenario ${spec.name}`,
    description: spec.description,
    families: spec.families,
    generator: () => spec.generator(timeLimitS * 1000),
    final: spec.final ?? healAll,
  };
}
