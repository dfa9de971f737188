// What each nemesis operation does to the fault windows of a history, in the one table shared by the
// fault interpreter (src/faults/apply.ts familyOf), the performance statistics
// (src/checker/perf/faults.ts) and the report (src/report/fault-windows.ts):
// start-partition .. stop-partition, kill .. restart, pause .. resume, start-clock .. stop-clock;
// heal-all closes every open window.
import type { FaultFamily } from '../plugins.js';

export type FaultEffect =
  | { readonly kind: 'start'; readonly family: FaultFamily }
  | { readonly kind: 'stop'; readonly family: FaultFamily }
  | { readonly kind: 'heal-all' };

const EFFECTS: Readonly<Record<string, FaultEffect>> = {
  'start-partition': { kind: 'start', family: 'partition' },
  'stop-partition': { kind: 'stop', family: 'partition' },
  kill: { kind: 'start', family: 'crash' },
  restart: { kind: 'stop', family: 'crash' },
  pause: { kind: 'start', family: 'pause' },
  resume: { kind: 'stop', family: 'pause' },
  'start-clock': { kind: 'start', family: 'clock' },
  'stop-clock': { kind: 'stop', family: 'clock' },
  'heal-all': { kind: 'heal-all' },
};

/** The effect of a nemesis op's `f`, or undefined for an f that is not a fault action. */
export function faultEffect(f: string): FaultEffect | undefined {
  return Object.hasOwn(EFFECTS, f) ? EFFECTS[f] : undefined;
}
