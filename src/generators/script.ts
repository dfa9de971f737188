// A directed script as a generator: a JavaScript generator function that yields generators (a
// fault op with `once`, a `sleep`, a `waitUntil`) and reads the cluster view between them, with
// loops and early returns as in plain code. The value `script(fn)` is immutable like every other
// generator: each start calls fn afresh. Once started, its successors share the running script, so
// they are to be asked in sequence (as every interpreter and combinator does), never twice over.
import { finished, gen } from './basic.js';
import type { ClusterView, Gen, GenContext } from './types.js';
import type { Rng } from '../raft/types.js';

/** What the script sees: the context of the latest ask, live. */
export interface ScriptContext {
  readonly nowMs: number;
  readonly rng: Rng;
  readonly view: ClusterView;
}

export type ScriptBody = (s: ScriptContext) => Iterator<Gen, void, void>;

/** Generators a script may finish at one instant without yielding an op or a wait. */
const MAX_EMPTY_PER_INSTANT = 100_000;

export function script(body: ScriptBody, options: { readonly reactive?: boolean } = {}): Gen {
  const reactive = options.reactive ?? true;
  const running = (live: { ctx: GenContext }, it: Iterator<Gen, void, void>, current: Gen | null): Gen =>
    gen((ctx) => {
      live.ctx = ctx;
      let sub = current;
      for (let empty = 0; empty < MAX_EMPTY_PER_INSTANT; empty++) {
        if (sub === null) {
          const r = it.next();
          if (r.done === true) return finished();
          sub = r.value;
        }
        const step = sub.next(ctx);
        if (step.kind !== 'done') return { ...step, next: running(live, it, step.next) };
        sub = null;
      }
      throw new Error(`a script finished ${MAX_EMPTY_PER_INSTANT} generators at one instant without an op or a wait: a loop that never yields`);
    }, reactive);
  return gen((ctx) => {
    const live = { ctx };
    const view: ScriptContext = {
      get nowMs() {
        return live.ctx.nowMs;
      },
      get rng() {
        return live.ctx.rng;
      },
      get view() {
        return live.ctx.view;
      },
    };
    return running(live, body(view), null).next(ctx);
  }, reactive);
}
