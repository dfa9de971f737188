// Knossos's multi-register (knossos.model/multi-register): named registers read and written by
// transactions. An operation is f :txn whose value is a sequence of micro-operations [f k v], f
// :read or :write, applied in order: a read must see the register's current value (nil for a
// register never written), a write sets it. Knossos takes a read of nil as always legal; here that
// is the 'any' nil-read rule (withoutNilReads), the default for EDN histories. A transaction of
// unknown outcome has unknown reads: only its writes count. Initial values: a map of keys to values
// (`--initial '{:x 0 :y 0}'`).
import { hashString, sameValue, stableText } from '../hash.js';
import { ednToPlain, ednText } from '../readers/edn-convert.js';
import { parseEdn } from '../readers/edn.js';
import type { Model, Operation } from '../types.js';
import { knossosValue } from './knossos-value.js';
import { ModelInputError } from './model-error.js';
import { partitionByKey } from './partition-by-key.js';

/** Registers by key text (stableText of the key); a register holding nil is left out. */
export interface MultiRegisterState {
  readonly values: ReadonlyMap<string, unknown>;
  /** Canonical text of the state, for equality and hashing. */
  readonly text: string;
}

type MicroOp = readonly [f: 'read' | 'write', key: unknown, value: unknown];

function microOps(op: Operation, value: unknown): MicroOp[] {
  if (op.f !== 'txn') throw new ModelInputError('multi-register', op, 'unknown operation; expected txn');
  if (!Array.isArray(value)) throw new ModelInputError('multi-register', op, `a txn's value must be a sequence of [f k v], got ${ednText(value)}`);
  return value.map((m) => {
    if (!Array.isArray(m) || m.length !== 3) throw new ModelInputError('multi-register', op, `a micro-operation must be [f k v], got ${ednText(m)}`);
    const f = m[0] === ':read' || m[0] === 'read' ? 'read' : m[0] === ':write' || m[0] === 'write' ? 'write' : null;
    if (f === null) throw new ModelInputError('multi-register', op, `a micro-operation's f must be :read or :write, got ${ednText(m[0])}`);
    return [f, m[1], m[2]] as const;
  });
}

function stateOf(values: Map<string, unknown>): MultiRegisterState {
  const text = [...values.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k} ${stableText(v)}`)
    .join(', ');
  return { values, text: `{${text}}` };
}

/** Initial values: a Map, a plain object, EDN text of a map, or nothing (every register nil). */
function initialValues(initial: unknown): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (initial === undefined || initial === null) return values;
  let source = initial;
  if (typeof source === 'string') source = ednToPlainMap(source);
  const entries: [unknown, unknown][] =
    source instanceof Map ? [...source.entries()] : typeof source === 'object' && !Array.isArray(source) ? Object.entries(source as object) : [];
  if (entries.length === 0 && !(source instanceof Map) && (typeof source !== 'object' || Array.isArray(source))) {
    throw new Error(`multi-register: the initial value must be a map of keys to values, e.g. '{:x 0 :y 0}'; got ${ednText(initial)}`);
  }
  for (const [k, v] of entries) if (v !== null && v !== undefined) values.set(stableText(k), v);
  return values;
}

/** EDN text of a map, as a Map of plain keys (keywords as ':name') to plain values. */
export function ednToPlainMap(text: string): Map<unknown, unknown> {
  const v = parseEdn(text);
  if (!(v instanceof Map)) throw new Error(`expected an EDN map such as '{:x 0 :y 0}', got ${text}`);
  return new Map([...v.entries()].map(([k, x]) => [ednToPlain(k), ednToPlain(x)]));
}

export const multiRegisterModel: Model<MultiRegisterState> = {
  name: 'multi-register',
  description: "registers by key, read and written by :txn [[:read k v] [:write k v] ...] (Knossos multi-register); --initial '{:x 0}'",
  init: (initial?: unknown) => stateOf(initialValues(initial)),
  step(state, op) {
    const ops = microOps(op, knossosValue(op));
    let values: Map<string, unknown> | null = null;
    for (const [f, k, v] of ops) {
      const key = stableText(k);
      if (f === 'read') {
        if (op.outcome === 'unknown') continue;
        const current = (values ?? state.values).get(key) ?? null;
        if (!sameValue(current, v)) return undefined;
      } else {
        values ??= new Map(state.values);
        if (v === null || v === undefined) values.delete(key);
        else values.set(key, v);
      }
    }
    return values === null ? state : stateOf(values);
  },
  equal: (a, b) => a.text === b.text,
  hash: (s) => hashString(s.text),
  partition: partitionByKey,
  readOnly: (op) => {
    const v = knossosValue(op);
    return op.f === 'txn' && Array.isArray(v) && v.every((m) => Array.isArray(m) && (m[0] === ':read' || m[0] === 'read'));
  },
  withoutNilReads(op) {
    const v = op.output;
    if (op.f !== 'txn' || !Array.isArray(v)) return op;
    const kept = v.filter((m) => !(Array.isArray(m) && (m[0] === ':read' || m[0] === 'read') && (m[2] === null || m[2] === undefined)));
    if (kept.length === v.length) return op;
    return kept.length === 0 ? null : { ...op, input: kept, output: kept };
  },
  describeOperation: (op) => `txn ${ednText(knossosValue(op))}${op.outcome === 'unknown' ? ' -> ?' : ''}`,
  describeState: (s) => {
    const parts = [...s.values.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k} ${stableText(v)}`);
    return `{${parts.join(', ')}}`;
  },
};
