// Knossos's queues (knossos.model/unordered-queue and fifo-queue), empty at first. :enqueue adds
// its value. :dequeue names the value it took: in the unordered queue that value must be pending
// (one copy is removed); in the FIFO queue it must be the oldest pending value. A dequeue from an
// empty queue, or of a value not there, is inconsistent: a dequeue that found the queue empty is a
// :fail in Jepsen and never reaches the model, and one of unknown outcome (its value unknown, nil)
// can take effect only where nil is pending.
import { hashString, stableText } from '../hash.js';
import { ednText } from '../readers/edn-convert.js';
import type { Model, Operation } from '../types.js';
import { knossosValue } from './knossos-value.js';
import { ModelInputError } from './model-error.js';
import { partitionByKey } from './partition-by-key.js';

/** Pending values' canonical texts: sorted (a multiset) for the unordered queue, oldest first for FIFO. */
export interface QueueState {
  readonly pending: readonly string[];
  readonly text: string;
}

function stateOf(pending: string[]): QueueState {
  return { pending, text: pending.join(' ') };
}

function describe(op: Operation): string {
  const unknown = op.outcome === 'unknown';
  if (op.f === 'dequeue') return `dequeue() -> ${unknown ? '?' : ednText(op.output)}`;
  return `${op.f}(${ednText(knossosValue(op))})${unknown ? ' -> ?' : ''}`;
}

function makeQueue(name: string, fifo: boolean, description: string): Model<QueueState> {
  return {
    name,
    description,
    init: () => stateOf([]),
    step(state, op) {
      const v = stableText(knossosValue(op));
      switch (op.f) {
        case 'enqueue': {
          const pending = [...state.pending, v];
          if (!fifo) pending.sort();
          return stateOf(pending);
        }
        case 'dequeue': {
          const at = fifo ? (state.pending[0] === v ? 0 : -1) : state.pending.indexOf(v);
          if (at === -1) return undefined;
          const pending = [...state.pending];
          pending.splice(at, 1);
          return stateOf(pending);
        }
        default:
          throw new ModelInputError(name, op, 'unknown operation; expected enqueue or dequeue');
      }
    },
    equal: (a, b) => a.text === b.text && a.pending.length === b.pending.length,
    hash: (s) => hashString(s.text),
    partition: partitionByKey,
    describeOperation: describe,
    describeState: (s) => (fifo ? `[${s.pending.join(' ')}]` : `{${s.pending.join(' ')}}`),
  };
}

export const unorderedQueueModel = makeQueue(
  'unordered-queue',
  false,
  'a queue whose pending values have no order (Knossos unordered-queue): dequeue takes any pending value',
);

export const fifoQueueModel = makeQueue('fifo-queue', true, 'a FIFO queue (Knossos fifo-queue): dequeue takes the oldest pending value');
