// Each model's step function, and small histories whose verdicts are known by hand.
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { casRegisterModel, kvModel, kvWholeModel, MODEL_NAMES, modelByName, registerModel } from '../../src/checker/models/index.js';
import type { Model, Operation } from '../../src/checker/types.js';
import { history, op } from './helpers/ops.js';

function run<S>(model: Model<S>, state: S, o: Operation): S | undefined {
  return model.step(state, o);
}

describe('register', () => {
  it('starts absent (null), or at --initial', () => {
    expect(registerModel.init()).toBeNull();
    expect(registerModel.init(0)).toBe(0);
  });
  it('reads see the value; writes replace it', () => {
    expect(run(registerModel, null, op(0, 'read', null, null, 0, 1))).toBeNull();
    expect(run(registerModel, null, op(0, 'read', null, 3, 0, 1))).toBeUndefined();
    expect(run(registerModel, 2, op(0, 'write', 5, 5, 0, 1))).toBe(5);
    expect(run(registerModel, 2, op(0, 'read', null, '?', 0, 1))).toBe(2);
  });
  it('has no cas', () => {
    expect(() => run(registerModel, 1, op(0, 'cas', [1, 2], [1, 2], 0, 1))).toThrow(/no cas/);
  });
  it('rejects an unknown f, naming it', () => {
    expect(() => run(registerModel, 1, op(0, 'incr', 1, 1, 0, 1))).toThrow(/f=incr/);
  });
});

describe('cas-register', () => {
  it('cas applies only when the register holds from', () => {
    expect(run(casRegisterModel, 1, op(0, 'cas', [1, 2], [1, 2], 0, 1))).toBe(2);
    expect(run(casRegisterModel, 3, op(0, 'cas', [1, 2], [1, 2], 0, 1))).toBeUndefined();
  });
  it('a cas that returned false needs a different value, and changes nothing', () => {
    expect(run(casRegisterModel, 3, op(0, 'cas', [1, 2], false, 0, 1))).toBe(3);
    expect(run(casRegisterModel, 1, op(0, 'cas', [1, 2], false, 0, 1))).toBeUndefined();
  });
  it('a cas of unknown outcome applies when it can and is legal anyway', () => {
    expect(run(casRegisterModel, 1, op(0, 'cas', [1, 2], '?', 0, 1))).toBe(2);
    expect(run(casRegisterModel, 3, op(0, 'cas', [1, 2], '?', 0, 1))).toBe(3);
  });
  it('needs [from, to]', () => {
    expect(() => run(casRegisterModel, 1, op(0, 'cas', 7, true, 0, 1))).toThrow(/\[from, to\]/);
  });
  it('compares values deeply (strings, numbers, null)', () => {
    expect(casRegisterModel.equal('a', 'a')).toBe(true);
    expect(casRegisterModel.equal(1, '1')).toBe(false);
    expect(casRegisterModel.hash([1, 2])).toBe(casRegisterModel.hash([1, 2]));
  });
  it('partitions by key', () => {
    const ops = history(op(0, 'write', 1, 1, 0, 1, 'a'), op(1, 'write', 2, 2, 0, 1, 'b'), op(2, 'read', null, 1, 2, 3, 'a'));
    expect(casRegisterModel.partition!(ops).map((p) => p.map((o) => o.id))).toEqual([[0, 2], [1]]);
  });
});

describe('kv (per key) and kv-whole', () => {
  it('get / put / append on strings starting as ""', () => {
    const s0 = kvModel.init();
    expect(kvModel.step(s0, op(0, 'get', null, '', 0, 1, 'k'))).toBe(s0);
    const s1 = kvModel.step(s0, op(0, 'append', 'ab', 'ab', 0, 1, 'k'))!;
    const s2 = kvModel.step(s1, op(0, 'append', 'c', 'c', 0, 1, 'k'))!;
    expect(kvModel.describeState(s2)).toBe('"abc"');
    expect(kvModel.step(s2, op(0, 'get', null, 'abc', 0, 1, 'k'))).toBe(s2);
    expect(kvModel.step(s2, op(0, 'get', null, 'ab', 0, 1, 'k'))).toBeUndefined();
    expect(kvModel.step(s2, op(0, 'get', null, 'abd', 0, 1, 'k'))).toBeUndefined();
    const s3 = kvModel.step(s2, op(0, 'put', 'x', 'x', 0, 1, 'k'))!;
    expect(kvModel.describeState(s3)).toBe('"x"');
    // The same value reached the same way is the same state.
    expect(kvModel.equal(kvModel.step(s0, op(0, 'put', 'x', 'x', 0, 1))!, s3)).toBe(true);
  });
  it('kv-whole holds every key in one state', () => {
    let s = kvWholeModel.init();
    s = kvWholeModel.step(s, op(0, 'put', 'a', 'a', 0, 1, 'k1'))!;
    s = kvWholeModel.step(s, op(0, 'append', 'b', 'b', 0, 1, 'k2'))!;
    expect(kvWholeModel.describeState(s)).toBe('{"k1": "a", "k2": "b"}');
    expect(kvWholeModel.step(s, op(0, 'get', null, 'a', 0, 1, 'k1'))).toBe(s);
    expect(kvWholeModel.step(s, op(0, 'get', null, '', 0, 1, 'k3'))).toBe(s);
    expect(kvWholeModel.step(s, op(0, 'get', null, 'b', 0, 1, 'k1'))).toBeUndefined();
    const t = kvWholeModel.step(kvWholeModel.step(s, op(0, 'put', 'z', 'z', 0, 1, 'k1'))!, op(0, 'put', 'a', 'a', 0, 1, 'k1'))!;
    expect(kvWholeModel.equal(s, t)).toBe(true);
    expect(kvWholeModel.hash(s)).toBe(kvWholeModel.hash(t));
    expect(kvWholeModel.partition).toBeUndefined();
  });
});

describe('the registry', () => {
  it('names every model', () => {
    expect(MODEL_NAMES).toEqual(['register', 'cas-register', 'kv', 'kv-whole', 'mutex', 'multi-register', 'set', 'unordered-queue', 'fifo-queue']);
    for (const name of MODEL_NAMES) expect(modelByName(name)!.name).toBe(name);
    expect(modelByName('toString')).toBeUndefined();
  });
});

describe('small histories', () => {
  it('a read concurrent with a write may see either value', () => {
    const h = history(op(0, 'write', 1, 1, 0, 10), op(1, 'read', null, null, 2, 3), op(2, 'read', null, 1, 4, 5));
    expect(checkOperationsSync(h, 'register').valid).toBe(true);
  });
  it('a stale read after a completed write is not linearizable', () => {
    const h = history(op(0, 'write', 1, 1, 0, 1), op(1, 'read', null, null, 2, 3));
    const r = checkOperationsSync(h, 'register');
    expect(r.valid).toBe(false);
    expect(r.counterexample![0]!.couldNotPlace).toEqual([1]);
    expect(r.counterexample![0]!.stateAtFailure).toBe('1');
  });
  it('intervals are closed: a return and a call at the same instant overlap', () => {
    const h = history(op(0, 'write', 1, 1, 0, 5), op(1, 'read', null, null, 5, 6));
    expect(checkOperationsSync(h, 'register').valid).toBe(true);
    const later = history(op(0, 'write', 1, 1, 0, 5), op(1, 'read', null, null, 6, 7));
    expect(checkOperationsSync(later, 'register').valid).toBe(false);
  });
  it('an unknown write may take effect late or never', () => {
    const late = history(op(0, 'write', 1, '?', 0, 0), op(1, 'read', null, null, 2, 3), op(1, 'read', null, 1, 4, 5));
    expect(checkOperationsSync(late, 'register').valid).toBe(true);
    const never = history(op(0, 'write', 1, '?', 0, 0), op(1, 'read', null, null, 2, 3));
    expect(checkOperationsSync(never, 'register').valid).toBe(true);
    const flipFlop = history(op(0, 'write', 1, '?', 0, 0), op(1, 'read', null, 1, 2, 3), op(1, 'read', null, null, 4, 5));
    expect(checkOperationsSync(flipFlop, 'register').valid).toBe(false);
  });
  it('--initial sets the register', () => {
    const h = history(op(0, 'read', null, 0, 0, 1));
    expect(checkOperationsSync(h, 'cas-register').valid).toBe(false);
    expect(checkOperationsSync(h, 'cas-register', { initial: 0 }).valid).toBe(true);
  });
  it('keys are independent; one bad key fails the history and is the counterexample', () => {
    const h = history(
      op(0, 'write', 1, 1, 0, 1, 'a'),
      op(1, 'write', 2, 2, 0, 1, 'b'),
      op(0, 'read', null, 1, 2, 3, 'a'),
      op(1, 'read', null, 1, 2, 3, 'b'),
    );
    const r = checkOperationsSync(h, 'cas-register', { allPartitions: true });
    expect(r.valid).toBe(false);
    expect(r.partitions.map((p) => [p.key, p.valid])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(r.counterexample!.map((c) => c.key)).toEqual(['b']);
  });
});
