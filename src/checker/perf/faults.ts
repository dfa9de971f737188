// Fault windows from the nemesis actions of a history (which op opens or closes which family:
// src/faults/effects.ts). A start while its family's window is open extends that window (a second
// kill, a strobe step).
import type { FaultFamily } from '../../plugins.js';
import type { NemesisAction } from './types.js';
import { faultEffect } from '../../history/fault-effects.js';

export interface RawWindow {
  readonly family: FaultFamily;
  readonly startNs: number;
  endNs: number | null;
  readonly ops: NemesisAction[];
}

export interface FaultTimeline {
  /** In order of their start. */
  readonly windows: RawWindow[];
  /** Every action that ends a fault: stop-*, restart, resume, heal-all. */
  readonly heals: NemesisAction[];
  readonly warnings: string[];
}

export function faultWindows(actions: readonly NemesisAction[]): FaultTimeline {
  const windows: RawWindow[] = [];
  const heals: NemesisAction[] = [];
  const warnings: string[] = [];
  const open = new Map<FaultFamily, RawWindow>();
  const unknown = new Set<string>();
  const close = (w: RawWindow, action: NemesisAction): void => {
    w.endNs = action.timeNs;
    w.ops.push(action);
    open.delete(w.family);
  };
  for (const action of actions) {
    const effect = faultEffect(action.f);
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
        const w: RawWindow = { family: effect.family, startNs: action.timeNs, endNs: null, ops: [action] };
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
