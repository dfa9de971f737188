// `--scenario NAME` with --subject lab-go: lab-go's own scenario (stale-leader), or one of the bug
// catalogue's (src/bugs/scenarios) that the lab subject can play. A catalogue scenario that needs
// what lab-go lacks is refused before anything is built: a clock fault (a lab Raft reads the real
// clock), or each node's last log index (the lab API does not show the log). A catalogue scenario
// runs on the cluster size it is written for, as with every subject; its protocol options stay the
// lab Raft's own.
import type { Nemesis } from '../../plugins.js';
import { healAll } from '../../generators/index.js';
import { SCENARIOS } from '../../bugs/scenarios/index.js';
import { staleLeaderScenario } from '../../bugs/scenarios/stale-leader.js';

export const LAB_SCENARIOS = ['stale-leader'] as const;
export type LabScenario = (typeof LAB_SCENARIOS)[number];

const LAB_SCENARIO_DESCRIPTIONS: Readonly<Record<LabScenario, string>> = {
  'stale-leader':
    'cut the leader off; once a newer leader leads, leave the old one deaf (it still sends stale heartbeats), crash and at once restart the new leader, hold 8 s, heal; again until the time limit',
};

/** What lab-go lacks that a catalogue scenario needs, or null. */
function missing(name: string): string | null {
  const spec = SCENARIOS.get(name);
  if (spec === undefined) return null;
  if (spec.families.includes('clock')) return 'it drifts a node\'s clock, and lab-go has no clock ability (a lab Raft reads the real clock)';
  if (spec.reads?.includes('last-index') === true) return 'it waits on each node\'s last log index, which the lab API does not show';
  return null;
}

/** The names --scenario takes with --subject lab-go. */
export function labScenarioNames(): string[] {
  return [...LAB_SCENARIOS, ...[...SCENARIOS.keys()].filter((n) => missing(n) === null)];
}

/** Why --scenario NAME cannot run on lab-go with these options (a line for exit 254), or null. */
export function labScenarioRefusal(name: string, options: { readonly nemesis: string; readonly partitionShapes?: string }): string | null {
  const accepted = labScenarioNames().join(', ');
  if ((LAB_SCENARIOS as readonly string[]).includes(name)) {
    if (options.nemesis !== 'none') return `--scenario ${name} is the fault schedule of the run; leave --nemesis at none (got ${JSON.stringify(options.nemesis)}); --nemesis partition,crash has the stale leader among its windows`;
    if (options.partitionShapes !== undefined) return `--partition-shapes needs --nemesis partition, not --scenario ${name}`;
    return null;
  }
  if (!SCENARIOS.has(name)) return `--scenario ${name}: unknown; with --subject lab-go use ${accepted}`;
  const why = missing(name);
  if (why !== null) return `--scenario ${name}: not available with --subject lab-go: ${why}; use ${accepted}`;
  return null;
}

/** lab-go's own scenario as a nemesis package for a run of timeLimitS. */
export function labScenarioNemesis(name: string, timeLimitS: number): Nemesis {
  const scenario = name as LabScenario;
  return {
    name: `scenario ${scenario}`,
    description: LAB_SCENARIO_DESCRIPTIONS[scenario],
    families: ['partition', 'crash'],
    generator: () => staleLeaderScenario(timeLimitS * 1000),
    final: healAll,
  };
}
