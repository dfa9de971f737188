// The basic generators: nothing, one op, a sleep, a generator built when it starts.
import type { Gen, GenContext, GenOp, Step } from './types.js';

/** Builds a generator value from its step function. */
export function gen(next: (ctx: GenContext) => Step, reactive = false): Gen {
  return { next, reactive };
}

const DONE_STEP: Step = { kind: 'done' };

/** The generator that is done at once. */
export const done: Gen = gen(() => DONE_STEP);

export const op = (value: GenOp, next: Gen): Step => ({ kind: 'op', op: value, next });
export const wait = (untilMs: number, next: Gen, pollMs?: number): Step =>
  pollMs === undefined ? { kind: 'wait', untilMs, next } : { kind: 'wait', untilMs, pollMs, next };
export const finished = (): Step => DONE_STEP;

export interface FnOptions {
  /** The function reads ctx.view (the generator is then reactive). */
  readonly reactive?: boolean;
}

/** One op, then done. A function is called when the op is due (drawing from ctx.rng); null = no op. */
export function once(value: GenOp | ((ctx: GenContext) => GenOp | null), options: FnOptions = {}): Gen {
  return gen((ctx) => {
    const drawn = typeof value === 'function' ? value(ctx) : value;
    return drawn === null ? DONE_STEP : op(drawn, done);
  }, options.reactive === true);
}

/** Until untilMs (absolute), then done. */
function sleepUntil(untilMs: number): Gen {
  const self: Gen = gen((ctx) => (ctx.nowMs >= untilMs ? DONE_STEP : wait(untilMs, self)));
  return self;
}

/** Nothing for ms (a number, or drawn from ctx when the sleep starts), then done. */
export function sleep(ms: number | ((ctx: GenContext) => number)): Gen {
  return gen((ctx) => {
    const durationMs = typeof ms === 'function' ? ms(ctx) : ms;
    if (!(durationMs >= 0)) throw new RangeError(`sleep needs a duration >= 0 ms, got ${durationMs}`);
    return sleepUntil(ctx.nowMs + durationMs).next(ctx);
  });
}

/** The generator `build` returns, built from the context at the moment it is first asked. */
export function defer(build: (ctx: GenContext) => Gen, options: FnOptions = {}): Gen {
  return gen((ctx) => build(ctx).next(ctx), options.reactive === true);
}

/** The final generator of every package that names none: heal every fault. */
export const healAll: Gen = once({ f: 'heal-all', value: null });
