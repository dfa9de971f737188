// Fault windows from the nemesis actions of a history (which op opens or closes which family: the
// one table, src/history/fault-effects.ts). A start while its family's window is open extends that
// window (a second kill, a strobe step). The perf checker uses it with that table; the report
// (src/report/fault-windows.ts) with the same table and a fallback that still shades the
// start-X .. stop-X of a family this version does not know.
import type { FaultFamily } from '../../plugins.js';
import type { NemesisAction } from './types.js';
import { faultEffect } from '../../history/fault-effects.js';

/** What one action does to the windows of family F (FaultEffect of fault-effects.ts, for any family names). */
export type WindowEffect<F extends string> =
  | { readonly kind: 'start'; readonly family: F }
  | { readonly kind: 'stop'; readonly family: F }
  | { readonly kind: 'heal-all' };

export interface RawWindow<F extends string = FaultFamily> {
  readonly family: F;
  readonly startNs: number;
  endNs: number | null;
  /** The actions that opened and extended it, then the one that closed it (if any). */
  readonly ops: NemesisAction[];
}

export interface FaultTimeline<F extends string = FaultFamily> {
  /** In order of their start. */
  readonly windows: RawWindow<F>[];
  /** Every action that ends a fault: stop-*, restart, resume, heal-all. */
  readonly heals: NemesisAction[];
  readonly warnings: string[];
}

/** The windows of `actions` (in history order), each action classified by `effectOf` (default: the one table). */
export function faultWindows(actions: readonly NemesisAction[]): FaultTimeline;
export function faultWindows<F extends string>(actions: readonly NemesisAction[], effectOf: (f: string) => WindowEffect<F> | undefined): FaultTimeline<F>;
export function faultWindows(actions: readonly NemesisAction[], effectOf: (f: string) => WindowEffect<string> | undefined = faultEffect): FaultTimeline<string> {
  const windows: RawWindow<string>[] = [];
  const heals: NemesisAction[] = [];
  const warnings: string[] = [];
  const open = new Map<string, RawWindow<string>>();
  const unknown = new Set<string>();
  const close = (w: RawWindow<string>, action: NemesisAction): void => {
    w.endNs = action.timeNs;
    w.ops.push(action);
    open.delete(w.family);
  };
  for (const action of actions) {
    const effect = effectOf(action.f);
    if (effect === undefined) {
      unknown.add(action.f);
      continue;
    }
    switch (effect.kind) {
      case 'start': {
        const current = open.get(effect.family);
        if (current !== undefined) {
          current.ops.push(action);
          break;
        }
        const w: RawWindow<string> = { family: effect.family, startNs: action.timeNs, endNs: null, ops: [action] };
        windows.push(w);
        open.set(effect.family, w);
        break;
      }
      case 'stop': {
        heals.push(action);
        const current = open.get(effect.family);
        if (current !== undefined) close(current, action);
        break;
      }
      case 'heal-all':
        heals.push(action);
        for (const w of [...open.values()]) close(w, action);
        break;
      default: {
        const never: never = effect;
        throw new Error(`unknown fault effect ${JSON.stringify(never)}`);
      }
    }
  }
  if (unknown.size > 0) warnings.push(`nemesis operations with unknown f ignored: ${[...unknown].join(', ')}`);
  return { windows, heals, warnings };
}
