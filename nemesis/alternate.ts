// The schedule every single-family package shares: every intervalS, alternately a fault (drawn
// when it is due) and the op that closes its window; the fault first.
import type { FaultOp } from '../src/plugins.js';
import type { Gen, GenContext } from '../src/generators/types.js';
import { delay, flipFlop, once, repeat } from '../src/generators/index.js';

export function alternate(intervalS: number, fault: (ctx: GenContext) => FaultOp, close: FaultOp): Gen {
  return delay(intervalS * 1000, flipFlop(repeat(once(fault)), repeat(once(close))));
}
