// The nemesis registry. `--nemesis a,b,...` names one or more fault packages; several are combined
// on one schedule by combineNemeses. A new package registered in NEMESES becomes a valid name for
// --nemesis at once.
import type { FaultFamily, FaultOp, Nemesis, NemesisOptions, PartitionSpec } from '../src/plugins.js';
import type { Rng } from '../src/raft/types.js';
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
 * Several nemeses on one schedule, each keeping its own rhythm (Jepsen's combined nemesis): every
 * member has its own step counter and its own timeline of (due time, op); the combined nemesis
 * returns the earliest due op next. Member i starts i/m of an interval late, so with m members and
 * interval I the families take turns I/m apart, and each family's fault window stays open for I.
 * Windows of different families overlap, as they would in a real bad day.
 */
export function combineNemeses(members: readonly Nemesis[]): Nemesis {
  const active = members.filter((m) => m.name !== 'none');
  if (active.length === 0) return noneNemesis;
  if (active.length === 1) return active[0] as Nemesis;
  const families = [...new Set(active.flatMap((m) => m.families))] as FaultFamily[];
  // Per member: next step, the op it has announced (null: ask it), whether it is done.
  const steps = active.map(() => 0);
  const pending: ({ dueS: number; op: FaultOp } | null)[] = active.map(() => null);
  const done = active.map(() => false);
  let nowS = 0;
  let started = false;
  return {
    name: active.map((m) => m.name).join(','),
    description: `combined: ${active.map((m) => m.name).join(' + ')}`,
    families,
    next: (rng: Rng, options: NemesisOptions) => {
      active.forEach((member, i) => {
        if (pending[i] !== null || done[i]) return;
        const out = member.next(rng, options, steps[i] as number);
        steps[i] = (steps[i] as number) + 1;
        if (out === null) {
          done[i] = true;
          return;
        }
        const offsetS = started ? 0 : (i * options.intervalS) / active.length;
        pending[i] = { dueS: nowS + offsetS + out.delayS, op: out.op };
      });
      started = true;
      let pick = -1;
      for (let i = 0; i < active.length; i++) {
        const p = pending[i];
        if (p !== null && p !== undefined && (pick === -1 || p.dueS < (pending[pick]?.dueS ?? Infinity))) pick = i;
      }
      const chosen = pick === -1 ? null : pending[pick];
      if (chosen === null || chosen === undefined) return null;
      pending[pick] = null;
      const delayS = Math.max(0, chosen.dueS - nowS);
      nowS = chosen.dueS;
      return { delayS, op: chosen.op };
    },
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
