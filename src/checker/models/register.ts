// Register models: a single value (null = absent) read, written and, for cas-register, compared
// and set. With keys, each key is an independent register (partitioned, P-compositionality), which
// is the model of our own state machine (src/statemachine: read / write / cas on many keys).
import { hashValue, sameValue, stableText } from '../hash.js';
import type { Model, Operation } from '../types.js';
import { ModelInputError } from './model-error.js';
import { partitionByKey } from './partition-by-key.js';

type RegisterState = unknown;

function casArgs(model: string, op: Operation): readonly [unknown, unknown] {
  const v = op.input;
  if (!Array.isArray(v) || v.length !== 2) throw new ModelInputError(model, op, `cas needs [from, to], got ${stableText(v)}`);
  return v as unknown as readonly [unknown, unknown];
}

function describe(op: Operation): string {
  const out = op.outcome === 'unknown' ? '?' : undefined;
  switch (op.f) {
    case 'read':
      return `read() -> ${out ?? stableText(op.output)}`;
    case 'write':
      return `write(${stableText(op.input)})${out ? ' -> ?' : ''}`;
    case 'cas': {
      const [from, to] = Array.isArray(op.input) ? op.input : [op.input, undefined];
      return `cas(${stableText(from)}, ${stableText(to)}) -> ${out ?? (op.output === false ? 'fail' : 'ok')}`;
    }
    default:
      return `${op.f}(${stableText(op.input)}) -> ${out ?? stableText(op.output)}`;
  }
}

function makeRegister(name: string, withCas: boolean, description: string): Model<RegisterState> {
  return {
    name,
    description,
    init: (initial?: unknown) => (initial === undefined ? null : initial),
    step(state, op) {
      switch (op.f) {
        case 'read':
          if (op.outcome === 'unknown') return state;
          return sameValue(op.output, state) ? state : undefined;
        case 'write':
          return op.input === undefined ? null : op.input;
        case 'cas': {
          if (!withCas) throw new ModelInputError(name, op, 'this model has no cas; use --model cas-register');
          const [from, to] = casArgs(name, op);
          const matches = sameValue(state, from);
          // Unknown outcome: if it takes effect here it applies exactly when the register holds `from`.
          if (op.outcome === 'unknown') return matches ? to : state;
          if (op.output === false) return matches ? undefined : state;
          return matches ? to : undefined;
        }
        default:
          throw new ModelInputError(name, op, `unknown operation; expected read, write${withCas ? ' or cas' : ''}`);
      }
    },
    equal: sameValue,
    hash: hashValue,
    // A read of X that is not legal now needs a write of X or a cas to X among the candidates.
    reachable(state, target, candidates) {
      if (target.f !== 'read') return true;
      const want = target.output;
      if (sameValue(state, want)) return true;
      for (const c of candidates) {
        if (c.f === 'write' && sameValue(c.input, want)) return true;
        if (c.f === 'cas' && Array.isArray(c.input) && c.output !== false && sameValue(c.input[1], want)) return true;
      }
      return false;
    },
    partition: partitionByKey,
    // A cas that did not apply changes nothing, like a read.
    readOnly: (op) => op.f === 'read' || (op.f === 'cas' && op.outcome === 'ok' && op.output === false),
    withoutNilReads: (op) => (op.f === 'read' && (op.output === null || op.output === undefined) ? null : op),
    // A write and an applied cas end in their own value, a read and a failed cas change nothing.
    blindOrReadOnly: (op) => op.f === 'read' || op.f === 'write' || op.f === 'cas',
    describeOperation: describe,
    describeState: (s) => stableText(s),
  };
}

/** read / write register (per key when operations carry keys). */
export const registerModel: Model<RegisterState> = makeRegister(
  'register',
  false,
  'read/write register, one per key (Knossos register); a read of nil: see --nil-read',
);

/** read / write / compare-and-set register (per key): Knossos' cas-register, our state machine. */
export const casRegisterModel: Model<RegisterState> = makeRegister(
  'cas-register',
  true,
  'read/write/cas register, one per key (Knossos cas-register; our state machine; Jepsen etcd histories)',
);
