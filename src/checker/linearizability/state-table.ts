// Model states interned as small integers, and a memo of transitions (state id, operation) -> next
// state id, so the search's inner loop compares integers and rarely calls the model.
import { mix32 } from '../hash.js';
import { ABSENT, IntPairMap } from '../int-pair-map.js';
import type { Model, Operation } from '../types.js';

/** No transition: the operation's output is impossible from that state. */
export const ILLEGAL = -1;

export class StateTable<S> {
  /** Interned states by id. */
  readonly states: S[] = [];
  private stateHashes = new Int32Array(64);
  /** Open-addressing table of state ids + 1 (0 = empty), keyed by the model's hash. */
  private slots = new Int32Array(128);

  private readonly selfInterned: boolean;
  /** Transition memo: (state id, op index) -> next state id or ILLEGAL. */
  private readonly transitions = new IntPairMap(1024);

  constructor(
    private readonly model: Model<S>,
    private readonly ops: readonly Operation[],
  ) {
    this.selfInterned = model.id !== undefined;
  }

  /** The id of `state`, adding it when new. */
  intern(state: S): number {
    const model = this.model;
    if (model.id !== undefined) {
      const own = model.id(state);
      if (this.states[own] === undefined) this.states[own] = state;
      return own;
    }
    const h = model.hash(state) | 0;
    const mask = this.slots.length - 1;
    let i = mix32(h) & mask;
    for (;;) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const id = slot - 1;
      if (this.stateHashes[id] === h && model.equal(this.states[id]!, state)) return id;
      i = (i + 1) & mask;
    }
    const id = this.states.length;
    this.states.push(state);
    if (id >= this.stateHashes.length) {
      const grown = new Int32Array(this.stateHashes.length * 2);
      grown.set(this.stateHashes);
      this.stateHashes = grown;
    }
    this.stateHashes[id] = h;
    this.slots[i] = id + 1;
    if ((id + 1) * 2 > this.slots.length) this.rehashStates();
    return id;
  }

  private rehashStates(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.states.length; id++) {
      let i = mix32(this.stateHashes[id]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }

  /** The state id after applying operation `op` (an index into `ops`) in state `stateId`, or ILLEGAL. */
  step(stateId: number, op: number): number {
    if (this.selfInterned) {
      const next = this.model.step(this.states[stateId]!, this.ops[op]!);
      if (next === undefined) return ILLEGAL;
      const id = this.model.id!(next);
      if (this.states[id] === undefined) this.states[id] = next;
      return id;
    }
    const known = this.transitions.get(stateId, op);
    if (known !== ABSENT) return known;
    const next = this.model.step(this.states[stateId]!, this.ops[op]!);
    const value = next === undefined ? ILLEGAL : this.intern(next);
    this.transitions.add(stateId, op, value);
    return value;
  }
}
