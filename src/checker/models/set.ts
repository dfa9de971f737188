// Knossos's set (knossos.model/set): :add puts its value in the set; :read must return exactly the
// set's elements, as an EDN set #{...} (Clojure's =, so a vector or nil never equals a set).
import { hashString, stableText } from '../hash.js';
import { ednText } from '../readers/edn-convert.js';
import type { Model } from '../types.js';
import { knossosValue } from './knossos-value.js';
import { ModelInputError } from './model-error.js';
import { partitionByKey } from './partition-by-key.js';

/** The elements' canonical texts, sorted and distinct. */
export interface SetState {
  readonly elements: readonly string[];
  readonly text: string;
}

function stateOf(elements: string[]): SetState {
  return { elements, text: `#{${elements.join(' ')}}` };
}

export const setModel: Model<SetState> = {
  name: 'set',
  description: 'a set (Knossos set): add puts a value in; read returns the whole set as #{...}; starts empty',
  init: () => stateOf([]),
  step(state, op) {
    const value = knossosValue(op);
    switch (op.f) {
      case 'add': {
        const e = stableText(value);
        if (state.elements.includes(e)) return state;
        return stateOf([...state.elements, e].sort());
      }
      case 'read': {
        if (op.outcome === 'unknown') return state;
        if (!(value instanceof Set) || value.size !== state.elements.length) return undefined;
        const read = [...value].map(stableText).sort();
        return read.every((e, i) => e === state.elements[i]) ? state : undefined;
      }
      default:
        throw new ModelInputError('set', op, 'unknown operation; expected add or read');
    }
  },
  equal: (a, b) => a.text === b.text,
  hash: (s) => hashString(s.text),
  partition: partitionByKey,
  readOnly: (op) => op.f === 'read',
  describeOperation: (op) =>
    op.f === 'read' ? `read() -> ${op.outcome === 'unknown' ? '?' : ednText(op.output)}` : `${op.f}(${ednText(knossosValue(op))})${op.outcome === 'unknown' ? ' -> ?' : ''}`,
  describeState: (s) => s.text,
};
