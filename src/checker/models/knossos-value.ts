// The value a Knossos model steps on: for an ok operation its completion's value (Knossos fills
// the invocation in from the completion, history/complete), for one of unknown outcome its
// invocation's value.
import type { Operation } from '../types.js';

export function knossosValue(op: Operation): unknown {
  return op.outcome === 'ok' ? op.output : op.input;
}
