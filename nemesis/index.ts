// The nemesis registry. `--nemesis a,b,...` names one or more fault packages; several are combined
// on one schedule by combineNemeses. A new package registered in NEMESES becomes a valid name for
// --nemesis at once.
import type { FaultFamily, Nemesis, NemesisOptions, PartitionSpec } from '../src/plugins.js';
import { any, healAll, phases, sleep } from '../src/generators/index.js';
import { noneNemesis } from './none.js';
import { partitionNemesis } from './partition.js';
import { crashNemesis } from './crash.js';
import { pauseNemesis } from './pause.js';
import { clockNemesis } from './clock.js';

export const NEMESES: ReadonlyMap<string, Nemesis> = new Map(
  [noneNemesis, partitionNemesis(), crashNemesis(), pauseNemesis(), clockNemesis()].map((n) => [n.name, n]),
);

export const NEMESIS_NAMES: readonly string[] = [...NEMESES.keys()];

/**
 * Several nemeses on one schedule (Jepsen's combined nemesis): the members' generators run at once
 * (`any`), member i starting i/m of an interval late, so with m members and interval I the
 * families take turns I/m apart and each family's fault window stays open for I. Windows of
 * different families overlap, as they would in a real bad day. The final generator is heal-all
 * when every member heals that way, else each member's final in turn.
 */
export function combineNemeses(members: readonly Nemesis[]): Nemesis {
  const active = members.filter((m) => m.name !== 'none');
  if (active.length === 0) return noneNemesis;
  if (active.length === 1) return active[0] as Nemesis;
  const families = [...new Set(active.flatMap((m) => m.families))] as FaultFamily[];
  return {
    name: active.map((m) => m.name).join(','),
    description: `combined: ${active.map((m) => m.name).join(' + ')}`,
    families,
    generator: (options: NemesisOptions) =>
      any(...active.map((m, i) => phases(sleep((i * options.intervalS * 1000) / active.length), m.generator(options)))),
    final: active.every((m) => m.final === healAll) ? healAll : phases(...active.map((m) => m.final)),
  };
}

/** Parse "partition,crash" into the nemeses, or a RangeError naming the bad name and the accepted ones. */
export function parseNemesisList(list: string): Nemesis[] {
  const names = list.split(',').map((s) => s.trim());
  if (names.every((s) => s.length === 0)) throw new RangeError(`empty nemesis list; accepted: ${NEMESIS_NAMES.join(', ')}`);
  if (names.includes('')) throw new RangeError(`empty item in the nemesis list ${JSON.stringify(list)}`);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new RangeError(`nemesis ${JSON.stringify(twice)} is listed twice`);
  return names.map((name) => {
    const nemesis = NEMESES.get(name);
    if (nemesis === undefined) {
      throw new RangeError(`unknown nemesis ${JSON.stringify(name)}; accepted: ${NEMESIS_NAMES.join(', ')}`);
    }
    return nemesis;
  });
}

/**
 * The nemesis for a --nemesis value (one name or a comma list). `partitionShapes` replaces the
 * partition package's default mix of shapes (--partition-shapes).
 */
export function lookupNemesis(list: string, partitionShapes?: readonly PartitionSpec[]): Nemesis {
  const members = parseNemesisList(list);
  if (partitionShapes === undefined) return combineNemeses(members);
  return combineNemeses(members.map((m) => (m.name === 'partition' ? partitionNemesis(partitionShapes) : m)));
}
