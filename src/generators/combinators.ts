// Combinators of generators (Jepsen's names): sequence, repetition, time limit, delays between
// ops, alternation, random mixture and concurrent merge. Each returns a new value and leaves its
// arguments unchanged.
import { done, finished, gen, op, wait } from './basic.js';
import type { Gen, GenContext } from './types.js';

/** Asks of one combinator within one instant before it is taken for a loop that never yields. */
const MAX_ASKS_PER_INSTANT = 100_000;

function anyReactive(gens: readonly Gen[]): boolean {
  return gens.some((g) => g.reactive);
}

/** Each generator to its end, in order. */
export function phases(...gens: readonly Gen[]): Gen {
  if (gens.length === 0) return done;
  const [first, ...rest] = gens as [Gen, ...Gen[]];
  return gen((ctx) => {
    const step = first.next(ctx);
    if (step.kind === 'done') return phases(...rest).next(ctx);
    return { ...step, next: phases(step.next, ...rest) };
  }, anyReactive(gens));
}

/** `body` again each time it ends, `times` times in all (default: for ever). A body that ends without a step ends the repetition. */
export function repeat(body: Gen, times = Infinity): Gen {
  if (!(times >= 0)) throw new RangeError(`repeat needs a count >= 0, got ${times}`);
  const running = (current: Gen, left: number): Gen =>
    gen((ctx) => {
      const step = current.next(ctx);
      if (step.kind !== 'done') return { ...step, next: running(step.next, left) };
      if (left <= 1) return finished();
      const fresh = body.next(ctx);
      if (fresh.kind === 'done') return finished();
      return { ...fresh, next: running(fresh.next, left - 1) };
    }, body.reactive);
  return times === 0 ? done : running(body, times);
}

/** `inner` until ms have passed since this generator was first asked; a wait past that is cut short. */
export function timeLimit(ms: number, inner: Gen): Gen {
  if (!(ms >= 0)) throw new RangeError(`timeLimit needs a duration >= 0 ms, got ${ms}`);
  const limited = (deadlineMs: number, current: Gen): Gen =>
    gen((ctx) => {
      if (ctx.nowMs >= deadlineMs) return finished();
      const step = current.next(ctx);
      if (step.kind === 'done') return step;
      if (step.kind === 'op') return op(step.op, limited(deadlineMs, step.next));
      return wait(Math.min(step.untilMs, deadlineMs), limited(deadlineMs, step.next), step.pollMs);
    }, inner.reactive);
  return gen((ctx) => limited(ctx.nowMs + ms, inner).next(ctx), inner.reactive);
}

/**
 * Before each op of `inner`, a pause of ms (a number, or drawn from ctx as each pause starts); a wait
 * of `inner` itself comes on top.
 */
export function delay(ms: number | ((ctx: GenContext) => number), inner: Gen): Gen {
  const armed = (untilMs: number, current: Gen): Gen =>
    gen((ctx) => {
      if (ctx.nowMs < untilMs) return wait(untilMs, armed(untilMs, current));
      const step = current.next(ctx);
      if (step.kind === 'done') return step;
      if (step.kind === 'op') return op(step.op, delay(ms, step.next));
      return { ...step, next: armed(untilMs, step.next) };
    }, inner.reactive);
  return gen((ctx) => {
    const pauseMs = typeof ms === 'function' ? ms(ctx) : ms;
    if (!(pauseMs >= 0)) throw new RangeError(`delay needs a pause >= 0 ms, got ${pauseMs}`);
    return armed(ctx.nowMs + pauseMs, inner).next(ctx);
  }, inner.reactive);
}

/** Before each op of `inner`, a pause drawn uniformly from [0, 2 * meanMs) (Jepsen's stagger). */
export function stagger(meanMs: number, inner: Gen): Gen {
  if (!(meanMs >= 0)) throw new RangeError(`stagger needs a mean pause >= 0 ms, got ${meanMs}`);
  return delay((ctx) => ctx.rng.next() * 2 * meanMs, inner);
}

/** One op of `a`, then one of `b`, then one of `a`, ...; done when the one whose turn it is ends. */
export function flipFlop(a: Gen, b: Gen): Gen {
  return gen((ctx) => {
    const step = a.next(ctx);
    if (step.kind === 'done') return step;
    if (step.kind === 'op') return op(step.op, flipFlop(b, step.next));
    return { ...step, next: flipFlop(step.next, b) };
  }, a.reactive || b.reactive);
}

/**
 * Each op from one of `gens` drawn uniformly with ctx.rng; the drawn one keeps its turn through its
 * waits until it gives an op. A generator that ends leaves the mix; done when all have.
 */
export function mix(...gens: readonly Gen[]): Gen {
  const mixed = (members: readonly Gen[], turn: number | null): Gen =>
    gen((ctx) => {
      let left = members;
      let i = turn;
      for (let asks = 0; left.length > 0 && asks < MAX_ASKS_PER_INSTANT; asks++) {
        if (i === null) i = ctx.rng.int(left.length);
        const member = left[i] as Gen;
        const step = member.next(ctx);
        if (step.kind === 'done') {
          left = left.filter((_, k) => k !== i);
          i = null;
          continue;
        }
        const after = left.map((g, k) => (k === i ? step.next : g));
        return { ...step, next: mixed(after, step.kind === 'op' ? null : i) };
      }
      return finished();
    }, anyReactive(members));
  return mixed(gens, null);
}

interface Member {
  readonly gen: Gen;
  /** When its wait ends (-Infinity: ask now). */
  readonly untilMs: number;
  /** A reactive wait: ask again pollMs after askedAtMs too. */
  readonly pollMs?: number;
  readonly askedAtMs: number;
}

const dueAt = (m: Member): number => (m.pollMs === undefined ? m.untilMs : Math.min(m.untilMs, m.askedAtMs + m.pollMs));

/**
 * All of `gens` at once (Jepsen's any): the ops of each in time order, ties in argument order. Each
 * member is asked only when its own wait is over (or its reactive wait polls), so each keeps its
 * own rhythm and draws from the Rng in the order its ops come due.
 */
export function any(...gens: readonly Gen[]): Gen {
  const merged = (members: readonly Member[]): Gen =>
    gen((ctx) => {
      const now = members.slice();
      for (let i = 0; i < now.length; ) {
        const m = now[i] as Member;
        if (dueAt(m) > ctx.nowMs) {
          i++;
          continue;
        }
        const step = m.gen.next(ctx);
        if (step.kind === 'done') {
          now.splice(i, 1);
          continue;
        }
        if (step.kind === 'op') {
          now[i] = { gen: step.next, untilMs: -Infinity, askedAtMs: ctx.nowMs };
          return op(step.op, merged(now));
        }
        now[i] = step.pollMs === undefined ? { gen: step.next, untilMs: step.untilMs, askedAtMs: ctx.nowMs } : { gen: step.next, untilMs: step.untilMs, pollMs: step.pollMs, askedAtMs: ctx.nowMs };
        i++;
      }
      if (now.length === 0) return finished();
      const untilMs = Math.min(...now.map((m) => m.untilMs));
      const polls = now.flatMap((m) => (m.pollMs === undefined ? [] : [m.pollMs]));
      return wait(untilMs, merged(now), polls.length === 0 ? undefined : Math.min(...polls));
    }, anyReactive(gens));
  return merged(gens.map((g) => ({ gen: g, untilMs: -Infinity, askedAtMs: -Infinity })));
}
