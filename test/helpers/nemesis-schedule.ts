// Test helper: the first `steps` ops of a nemesis package's generator in virtual time (a pure
// trace against a fixed view), each with the delay since the previous one, as the old step form
// of a schedule read.
import { trace } from '../../src/generators/index.js';
import type { FaultOp, Nemesis, NemesisOptions } from '../../src/plugins.js';
import type { Rng } from '../../src/raft/types.js';

export function scheduleOf(nemesis: Nemesis, rng: Rng, options: NemesisOptions, steps: number): { delayS: number; op: FaultOp }[] {
  const ops = trace(nemesis.generator(options), rng, { untilMs: Infinity, maxOps: steps });
  return ops.map(({ atMs, op }, i) => {
    if (op.f === 'propose') throw new Error('a nemesis package proposed a write');
    return { delayS: (atMs - (i === 0 ? 0 : (ops[i - 1]?.atMs ?? 0))) / 1000, op };
  });
}
