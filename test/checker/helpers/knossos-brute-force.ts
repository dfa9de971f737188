// A deliberately naive checker for Knossos's models, written from knossos.model's definitions
// without any of src/checker: try every order of the operations that respects real time, each
// applied to a plain copy of the state; operations of unknown outcome may be placed anywhere after
// their call, or never. The value an operation steps on is its completion's when ok, else its
// invocation's. With `nilAny`, a read of nil (register, cas-register, multi-register micro-read)
// matches any state; the reads of an operation of unknown outcome are never constrained.
import type { Operation } from '../../../src/checker/types.js';

export type KnossosModelName = 'register' | 'cas-register' | 'mutex' | 'multi-register' | 'set' | 'unordered-queue' | 'fifo-queue';

type State = unknown;

function canon(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (v instanceof Set) return `#{${[...v].map(canon).sort().join(' ')}}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(' ')}]`;
  return JSON.stringify(v);
}

const eq = (a: unknown, b: unknown): boolean => canon(a) === canon(b);

/** The state after `op`, or undefined when `op` is impossible there (Knossos: inconsistent). */
function step(model: KnossosModelName, state: State, op: Operation, nilAny: boolean): State | undefined {
  const v = op.outcome === 'ok' ? op.output : op.input;
  const known = op.outcome === 'ok';
  switch (model) {
    case 'register':
    case 'cas-register':
      if (op.f === 'write') return v;
      if (op.f === 'read') return !known || (nilAny && v == null) || eq(v, state) ? state : undefined;
      if (op.f === 'cas' && model === 'cas-register') {
        const [from, to] = v as [unknown, unknown];
        return eq(from, state) ? to : undefined;
      }
      throw new Error(`brute force: ${model} has no ${op.f}`);
    case 'mutex':
      if (op.f === 'acquire') return state === true ? undefined : true;
      if (op.f === 'release') return state === true ? false : undefined;
      throw new Error(`brute force: mutex has no ${op.f}`);
    case 'multi-register': {
      const regs = { ...(state as Record<string, unknown>) };
      for (const [f, k, x] of v as [string, unknown, unknown][]) {
        const key = canon(k);
        if (f === ':read') {
          if (known && !(nilAny && x == null) && !eq(regs[key] ?? null, x)) return undefined;
        } else {
          regs[key] = x;
        }
      }
      return regs;
    }
    case 'set': {
      const s = state as readonly string[];
      if (op.f === 'add') return s.includes(canon(v)) ? s : [...s, canon(v)];
      if (!known) return s;
      return v instanceof Set && canon(v) === `#{${[...s].sort().join(' ')}}` ? s : undefined;
    }
    case 'unordered-queue':
    case 'fifo-queue': {
      const q = state as readonly string[];
      if (op.f === 'enqueue') return [...q, canon(v)];
      const at = model === 'fifo-queue' ? (q[0] === canon(v) ? 0 : -1) : q.indexOf(canon(v));
      if (at === -1) return undefined;
      return [...q.slice(0, at), ...q.slice(at + 1)];
    }
  }
}

function initialState(model: KnossosModelName, initial: unknown): State {
  switch (model) {
    case 'register':
    case 'cas-register':
      return initial ?? null;
    case 'mutex':
      return false;
    case 'multi-register': {
      const regs: Record<string, unknown> = {};
      if (initial instanceof Map) for (const [k, x] of initial) regs[canon(k)] = x;
      return regs;
    }
    default:
      return [];
  }
}

export function knossosBruteForce(model: KnossosModelName, ops: readonly Operation[], options: { nilAny: boolean; initial?: unknown }): boolean {
  const placed = new Array<boolean>(ops.length).fill(false);
  const okCount = ops.filter((o) => o.outcome === 'ok').length;
  const go = (state: State, okPlaced: number): boolean => {
    if (okPlaced === okCount) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i]) continue;
      const op = ops[i]!;
      let blocked = false;
      for (let j = 0; j < ops.length; j++) {
        if (!placed[j] && j !== i && ops[j]!.return < op.call) {
          blocked = true;
          break;
        }
      }
      if (blocked) continue;
      const next = step(model, state, op, options.nilAny);
      if (next === undefined) continue;
      placed[i] = true;
      const ok = go(next, okPlaced + (op.outcome === 'ok' ? 1 : 0));
      placed[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return go(initialState(model, options.initial), 0);
}
