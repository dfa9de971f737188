// The nemesis registry. `--nemesis a,b,...` names one or more fault packages; several are combined
// on one schedule by combineNemeses. Issue 5 adds crash, pause and clock: register them in
// NEMESES and they become valid names for --nemesis at once.
import type { FaultFamily, Nemesis, NemesisOptions } from '../src/plugins.js';
import type { Rng } from '../src/raft/types.js';
import { noneNemesis } from './none.js';
import { partitionNemesis } from './partition.js';

export const NEMESES: ReadonlyMap<string, Nemesis> = new Map(
  [noneNemesis, partitionNemesis()].map((n) => [n.name, n]),
);

export const NEMESIS_NAMES: readonly string[] = [...NEMESES.keys()];

/**
 * Several nemeses on one schedule: each member keeps its own step counter; the combined nemesis
 * asks the members in turn (round robin over those that act), so with interval I each family acts
 * every (members * I) seconds and each fault window stays open for that long.
 */
export function combineNemeses(members: readonly Nemesis[]): Nemesis {
  const active = members.filter((m) => m.name !== 'none');
  if (active.length === 0) return noneNemesis;
  if (active.length === 1) return active[0] as Nemesis;
  const steps = active.map(() => 0);
  const families = [...new Set(active.flatMap((m) => m.families))] as FaultFamily[];
  return {
    name: active.map((m) => m.name).join(','),
    description: `combined: ${active.map((m) => m.name).join(' + ')}`,
    families,
    next: (rng: Rng, options: NemesisOptions, step: number) => {
      for (let tried = 0; tried < active.length; tried++) {
        const which = (step + tried) % active.length;
        const member = active[which] as Nemesis;
        const step_ = steps[which] as number;
        const out = member.next(rng, options, step_);
        steps[which] = step_ + 1;
        if (out !== null) return out;
      }
      return null;
    },
  };
}

/** Parse "partition,crash" into the nemeses, or a RangeError naming the bad name and the accepted ones. */
export function parseNemesisList(list: string): Nemesis[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new RangeError(`empty nemesis list; accepted: ${NEMESIS_NAMES.join(', ')}`);
  return names.map((name) => {
    const nemesis = NEMESES.get(name);
    if (nemesis === undefined) {
      throw new RangeError(`unknown nemesis ${JSON.stringify(name)}; accepted: ${NEMESIS_NAMES.join(', ')}`);
    }
    return nemesis;
  });
}

/** The nemesis for a --nemesis value (one name or a comma list). */
export function lookupNemesis(list: string): Nemesis {
  return combineNemeses(parseNemesisList(list));
}
