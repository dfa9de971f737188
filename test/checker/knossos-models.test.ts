// Knossos's models on hand-written EDN histories, case by case as knossos.model defines them, and
// the nil-read rule per source.
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { ednToPlainMap } from '../../src/checker/models/multi-register.js';
import { parseHistory } from '../../src/checker/readers/read-history.js';
import type { CheckOptions, Valid } from '../../src/checker/types.js';

/** Check EDN op maps (one per line) with `model`. */
function check(model: string, lines: string[], options: CheckOptions = {}): Valid {
  const h = parseHistory(lines.join('\n'), 'h.edn', 'jepsen-edn');
  return checkOperationsSync(h.operations, model, { workers: 0, nilRead: 'any', ...options }).valid;
}

const inv = (p: number, f: string, v: string): string => `{:process ${p}, :type :invoke, :f :${f}, :value ${v}}`;
const ok = (p: number, f: string, v: string): string => `{:process ${p}, :type :ok, :f :${f}, :value ${v}}`;

describe('register and cas-register (Knossos)', () => {
  it('a read of nil matches any state under the any rule, only an absent value under absent', () => {
    const h = [inv(0, 'write', '3'), ok(0, 'write', '3'), inv(1, 'read', 'nil'), ok(1, 'read', 'nil')];
    expect(check('register', h)).toBe(true);
    expect(check('register', h, { nilRead: 'absent' })).toBe(false);
    expect(check('cas-register', h)).toBe(true);
  });
  it('a read of a value never written is not linearizable under either rule', () => {
    const h = [inv(0, 'write', '3'), ok(0, 'write', '3'), inv(1, 'read', 'nil'), ok(1, 'read', '4')];
    expect(check('cas-register', h)).toBe(false);
  });
  it('a cas from nil applies to the initial nil register; a cas that does not match is inconsistent', () => {
    expect(check('cas-register', [inv(0, 'cas', '[nil 1]'), ok(0, 'cas', '[nil 1]'), inv(0, 'read', 'nil'), ok(0, 'read', '1')])).toBe(true);
    expect(check('cas-register', [inv(0, 'cas', '[2 1]'), ok(0, 'cas', '[2 1]')])).toBe(false);
    // A failed cas is dropped, as Knossos drops :fail.
    expect(check('cas-register', [inv(0, 'cas', '[2 1]'), '{:process 0, :type :fail, :f :cas, :value [2 1]}', inv(0, 'read', 'nil'), ok(0, 'read', 'nil')], { nilRead: 'absent' })).toBe(true);
  });
  it('the register model has no cas', () => {
    expect(() => check('register', [inv(0, 'cas', '[nil 1]'), ok(0, 'cas', '[nil 1]')])).toThrow(/no cas/);
  });
});

describe('mutex', () => {
  it('acquire needs it free, release needs it held', () => {
    expect(check('mutex', [inv(0, 'acquire', 'nil'), ok(0, 'acquire', 'nil'), inv(0, 'release', 'nil'), ok(0, 'release', 'nil')])).toBe(true);
    expect(check('mutex', [inv(0, 'acquire', 'nil'), ok(0, 'acquire', 'nil'), inv(1, 'acquire', 'nil'), ok(1, 'acquire', 'nil')])).toBe(false);
    expect(check('mutex', [inv(0, 'release', 'nil'), ok(0, 'release', 'nil')])).toBe(false);
    // An acquire of unknown outcome may never have happened.
    expect(check('mutex', [inv(0, 'acquire', 'nil'), '{:process 0, :type :info, :f :acquire, :value nil}', inv(1, 'acquire', 'nil'), ok(1, 'acquire', 'nil')])).toBe(true);
  });
});

describe('multi-register', () => {
  const initial = ednToPlainMap('{:x 0 :y 0}');
  it('reads see the transaction order and the initial map; nil reads match anything under any', () => {
    const h = [inv(0, 'txn', '[[:write :x 1] [:read :y nil]]'), ok(0, 'txn', '[[:write :x 1] [:read :y 0]]'), inv(1, 'txn', '[[:read :x nil] [:read :y nil]]'), ok(1, 'txn', '[[:read :x 1] [:read :y 0]]')];
    expect(check('multi-register', h, { initial })).toBe(true);
    expect(check('multi-register', h)).toBe(false); // without the initial map, :y is nil, not 0
    const nilRead = [inv(0, 'txn', '[[:write :x 1]]'), ok(0, 'txn', '[[:write :x 1]]'), inv(1, 'txn', '[[:read :x nil]]'), ok(1, 'txn', '[[:read :x nil]]')];
    expect(check('multi-register', nilRead, { initial })).toBe(true);
    expect(check('multi-register', nilRead, { initial, nilRead: 'absent' })).toBe(false);
    expect(check('multi-register', [inv(0, 'txn', '[[:read :x nil]]'), ok(0, 'txn', '[[:read :x 2]]')], { initial })).toBe(false);
  });
  it('takes the initial map as EDN text too, and refuses other operations', () => {
    expect(check('multi-register', [inv(0, 'txn', '[[:read :x nil]]'), ok(0, 'txn', '[[:read :x 5]]')], { initial: '{:x 5}' })).toBe(true);
    expect(() => check('multi-register', [inv(0, 'read', 'nil'), ok(0, 'read', '1')])).toThrow(/expected txn/);
  });
});

describe('set', () => {
  it('a read returns the whole set as #{...}; a vector is never equal to a set', () => {
    const adds = [inv(0, 'add', '1'), ok(0, 'add', '1'), inv(0, 'add', '2'), ok(0, 'add', '2')];
    expect(check('set', [...adds, inv(1, 'read', 'nil'), ok(1, 'read', '#{2 1}')])).toBe(true);
    expect(check('set', [...adds, inv(1, 'read', 'nil'), ok(1, 'read', '#{1}')])).toBe(false);
    expect(check('set', [...adds, inv(1, 'read', 'nil'), ok(1, 'read', '[1 2]')])).toBe(false);
  });
});

describe('queues', () => {
  const enq = [inv(0, 'enqueue', '1'), ok(0, 'enqueue', '1'), inv(0, 'enqueue', '2'), ok(0, 'enqueue', '2')];
  it('unordered: any pending value; fifo: the oldest', () => {
    const takeTwo = [...enq, inv(1, 'dequeue', 'nil'), ok(1, 'dequeue', '2')];
    expect(check('unordered-queue', takeTwo)).toBe(true);
    expect(check('fifo-queue', takeTwo)).toBe(false);
    expect(check('fifo-queue', [...enq, inv(1, 'dequeue', 'nil'), ok(1, 'dequeue', '1')])).toBe(true);
  });
  it('a dequeue of a value never enqueued, or from an empty queue, is inconsistent; a failed one is dropped', () => {
    expect(check('unordered-queue', [inv(1, 'dequeue', 'nil'), ok(1, 'dequeue', 'nil')])).toBe(false);
    expect(check('fifo-queue', [...enq, inv(1, 'dequeue', 'nil'), ok(1, 'dequeue', '3')])).toBe(false);
    expect(check('fifo-queue', [inv(1, 'dequeue', 'nil'), '{:process 1, :type :fail, :f :dequeue, :value nil}', ...enq])).toBe(true);
  });
});
