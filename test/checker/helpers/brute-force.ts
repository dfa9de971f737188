// A deliberately naive linearizability checker, to test the real one against: try every order of
// the operations that respects real time (a before b when a returned before b was called), with no
// cache, no partitioning and no reductions, on a map of keys written independently of src/checker.
// Operations of unknown outcome may be placed anywhere after their call, or never.
import type { Operation } from '../../../src/checker/types.js';

type Value = unknown;

function same(a: Value, b: Value): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

/** The next state, or null when the operation's output is impossible in `state`. */
function apply(state: ReadonlyMap<string, Value>, op: Operation, kv: boolean, initial: Value): Map<string, Value> | null {
  const key = op.key ?? '';
  const cur = state.has(key) ? state.get(key) : kv ? '' : initial;
  const known = op.outcome === 'ok';
  const next = new Map(state);
  switch (op.f) {
    case 'read':
    case 'get':
      if (known && !same(kv ? (op.output ?? '') : op.output, cur)) return null;
      return next;
    case 'write':
    case 'put':
      next.set(key, op.input);
      return next;
    case 'append':
      next.set(key, `${cur as string}${op.input as string}`);
      return next;
    case 'cas': {
      const [from, to] = op.input as [Value, Value];
      const matches = same(cur, from);
      if (known && op.output === false) return matches ? null : next;
      if (known && !matches) return null;
      if (matches) next.set(key, to);
      return next;
    }
    default:
      throw new Error(`brute force: unknown f ${op.f}`);
  }
}

/** Whether `ops` is linearizable (every key starts at `initial`, or "" for kv operations). */
export function bruteForceLinearizable(ops: readonly Operation[], initial: Value = null): boolean {
  const kv = ops.some((o) => o.f === 'get' || o.f === 'put' || o.f === 'append');
  const placed = new Array<boolean>(ops.length).fill(false);
  const okCount = ops.filter((o) => o.outcome === 'ok').length;
  const go = (state: Map<string, Value>, okPlaced: number): boolean => {
    if (okPlaced === okCount) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i]) continue;
      const op = ops[i]!;
      // Every operation that returned before this one was called must already be placed.
      let blocked = false;
      for (let j = 0; j < ops.length; j++) {
        if (!placed[j] && j !== i && ops[j]!.return < op.call) {
          blocked = true;
          break;
        }
      }
      if (blocked) continue;
      const next = apply(state, op, kv, initial);
      if (next === null) continue;
      placed[i] = true;
      const ok = go(next, okPlaced + (op.outcome === 'ok' ? 1 : 0));
      placed[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return go(new Map(), 0);
}
