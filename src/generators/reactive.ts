// Reactive generators: they look at the cluster view (leader, who is down or paused, each node's
// role, term, commit and last index where the interpreter knows them) and wait for it to change.
import { finished, gen, wait } from './basic.js';
import type { ClusterView, Gen, GenContext } from './types.js';

/** How often a reactive wait asks again unless told otherwise (the simulator honours it exactly). */
export const DEFAULT_POLL_MS = 1;

/**
 * Done as soon as `holds(view)` is true, or when timeoutMs has passed since it was first asked,
 * whichever comes first; it yields no op. A caller that must know which came first asks the view
 * again afterwards (a script does).
 */
export function waitUntil(holds: (view: ClusterView, ctx: GenContext) => boolean, timeoutMs: number, pollMs = DEFAULT_POLL_MS): Gen {
  if (!(timeoutMs >= 0)) throw new RangeError(`waitUntil needs a timeout >= 0 ms, got ${timeoutMs}`);
  if (!(pollMs > 0)) throw new RangeError(`waitUntil needs a poll interval > 0 ms, got ${pollMs}`);
  const waiting = (deadlineMs: number): Gen => {
    const self: Gen = gen((ctx) => {
      if (holds(ctx.view, ctx) || ctx.nowMs >= deadlineMs) return finished();
      return wait(deadlineMs, self, pollMs);
    }, true);
    return self;
  };
  return gen((ctx) => waiting(ctx.nowMs + timeoutMs).next(ctx), true);
}

/** The node leading a term above `aboveTerm` among `nodes`, as the view shows it, or null. */
export function leaderAmong(view: ClusterView, nodes: readonly number[], aboveTerm = -1): number | null {
  for (const n of nodes) {
    const s = view.node(n);
    if (s !== null && s.role === 'leader' && s.term > aboveTerm) return n;
  }
  return null;
}

/** A node's last log index as the view shows it (0 when unknown or down). */
export function lastIndexOf(view: ClusterView, node: number): number {
  return view.node(node)?.lastIndex ?? 0;
}
