// Key-value models with get / put / append on string values, every key starting as "" (the
// Porcupine kv test's semantics). `kv` checks each key on its own; `kv-whole` keeps one state
// holding every key and is checked without partitioning (a stress case for the search).
import { mix32, stableText } from '../hash.js';
import type { Model, Operation } from '../types.js';
import { ModelInputError } from './model-error.js';
import { partitionByKey } from './partition-by-key.js';
import { ValueTrie } from './value-trie.js';

function text(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

function describe(op: Operation): string {
  const k = op.key === undefined ? '' : `${JSON.stringify(op.key)}, `;
  const out = op.outcome === 'unknown' ? '?' : undefined;
  switch (op.f) {
    case 'get':
      return `get(${k.slice(0, -2)}) -> ${out ?? JSON.stringify(text(op.output))}`;
    case 'put':
    case 'append':
      return `${op.f}(${k}${JSON.stringify(text(op.input))})${out ? ' -> ?' : ''}`;
    default:
      return `${op.f}(${k}${stableText(op.input)}) -> ${out ?? stableText(op.output)}`;
  }
}

/** One key's string value, as an id in a trie of values shared by the states of one check. */
export interface KvValueState {
  readonly values: KvValues;
  readonly id: number;
}

/** The values of one check, and one state object per value id (so a step allocates nothing). */
class KvValues {
  readonly trie = new ValueTrie();
  private readonly states: KvValueState[] = [];

  state(id: number): KvValueState {
    let s = this.states[id];
    if (s === undefined) {
      s = { values: this, id };
      this.states[id] = s;
    }
    return s;
  }
}

/** One key's string value. */
export const kvModel: Model<KvValueState> = {
  name: 'kv',
  description: 'key-value store with get/put/append on strings, checked key by key; keys start as ""',
  init(initial?: unknown) {
    const values = new KvValues();
    return values.state(values.trie.put(text(initial)));
  },
  step(state, op) {
    const values = state.values;
    switch (op.f) {
      case 'get':
        if (op.outcome === 'unknown') return state;
        return values.trie.equalsText(state.id, text(op.output)) ? state : undefined;
      case 'put':
        return values.state(values.trie.put(text(op.input)));
      case 'append':
        return values.state(values.trie.append(state.id, text(op.input)));
      default:
        throw new ModelInputError('kv', op, 'unknown operation; expected get, put or append');
    }
  },
  equal: (a, b) => a.id === b.id,
  hash: (s) => mix32(s.id),
  id: (s) => s.id,
  // A get of X can only be satisfied by appending to the current value or to a put's value: X must
  // start with one of them.
  reachable(state, target, candidates) {
    if (target.f !== 'get') return true;
    const want = text(target.output);
    if (state.values.trie.isPrefixOf(state.id, want)) return true;
    for (const c of candidates) if (c.f === 'put' && want.startsWith(text(c.input))) return true;
    return false;
  },
  partition: partitionByKey,
  readOnly: (op) => op.f === 'get',
  withoutNilReads: (op) => (op.f === 'get' && (op.output === null || op.output === undefined) ? null : op),
  describeOperation: describe,
  describeState: (s) => JSON.stringify(s.values.trie.text(s.id)),
};

/**
 * Every key's value in one immutable state: a short array of value ids (see ValueTrie) with a
 * precomputed hash. The trie and the key numbering are created by `init` and shared by the states
 * of one check; they only memoize, so `step` stays pure.
 */
export interface KvMapState {
  readonly universe: KvUniverse;
  /** Value id per key slot; slots past the end hold "" (id 0). */
  readonly ids: Int32Array;
  readonly hash: number;
}

class KvUniverse {
  readonly trie = new ValueTrie();
  readonly keySlots = new Map<string, number>();
  readonly keyNames: string[] = [];

  slot(key: string): number {
    let s = this.keySlots.get(key);
    if (s === undefined) {
      s = this.keyNames.length;
      this.keySlots.set(key, s);
      this.keyNames.push(key);
    }
    return s;
  }
}
function idsHash(ids: Int32Array): number {
  let h = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) h = (h + mix32(Math.imul(i + 1, 0x9e3779b1) ^ ids[i]!)) | 0;
  return h;
}

/** The whole map as one state, never partitioned (Porcupine's kvNoPartitionModel). */
export const kvWholeModel: Model<KvMapState> = {
  name: 'kv-whole',
  description: 'key-value store as ONE state holding every key (no partitioning; a stress case)',
  init: () => ({ universe: new KvUniverse(), ids: new Int32Array(0), hash: 0 }),
  step(state, op) {
    const u = state.universe;
    const slot = u.slot(op.key ?? '');
    const current = slot < state.ids.length ? state.ids[slot]! : 0;
    let next: number;
    switch (op.f) {
      case 'get':
        if (op.outcome === 'unknown') return state;
        return u.trie.equalsText(current, text(op.output)) ? state : undefined;
      case 'put':
        next = u.trie.put(text(op.input));
        break;
      case 'append':
        next = u.trie.append(current, text(op.input));
        break;
      default:
        throw new ModelInputError('kv-whole', op, 'unknown operation; expected get, put or append');
    }
    if (next === current) return state;
    const ids = new Int32Array(Math.max(state.ids.length, slot + 1));
    ids.set(state.ids);
    ids[slot] = next;
    return { universe: u, ids, hash: idsHash(ids) };
  },
  equal(a, b) {
    const n = Math.max(a.ids.length, b.ids.length);
    for (let i = 0; i < n; i++) if ((a.ids[i] ?? 0) !== (b.ids[i] ?? 0)) return false;
    return true;
  },
  hash: (state) => state.hash,
  // As for kv, on the target's key: its value or a put to that key must be a prefix of the read.
  reachable(state, target, candidates) {
    if (target.f !== 'get') return true;
    const want = text(target.output);
    const key = target.key ?? '';
    const u = state.universe;
    const slot = u.slot(key);
    if (u.trie.isPrefixOf(slot < state.ids.length ? state.ids[slot]! : 0, want)) return true;
    for (const c of candidates) if (c.f === 'put' && (c.key ?? '') === key && want.startsWith(text(c.input))) return true;
    return false;
  },
  readOnly: (op) => op.f === 'get',
  describeOperation: describe,
  describeState(state) {
    const u = state.universe;
    const parts: string[] = [];
    state.ids.forEach((id, slot) => {
      if (id !== 0) parts.push(`${JSON.stringify(u.keyNames[slot])}: ${JSON.stringify(u.trie.text(id))}`);
    });
    return `{${parts.sort().join(', ')}}`;
  },
};
