import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/raft/types.js';
import { asIndex, asTerm } from '../../src/raft/types.js';
import { encodeCommand, parseCommand } from '../../src/statemachine/command.js';
import { KvStateMachine } from '../../src/statemachine/kv.js';
import type { KvCommand } from '../../src/statemachine/types.js';

let nextIndex = 1;
function entry(command: KvCommand | string, kind: Entry['kind'] = 'normal'): Entry {
  const data = typeof command === 'string' ? command : encodeCommand(command);
  return { term: asTerm(1), index: asIndex(nextIndex++), kind, data };
}

describe('KvStateMachine', () => {
  it('reads null for a key never written, then what was written, per key', () => {
    const sm = new KvStateMachine();
    expect(sm.apply(entry({ op: 'read', key: 'a' }))).toEqual({ kind: 'ok', value: null });
    expect(sm.apply(entry({ op: 'write', key: 'a', value: 3 }))).toEqual({ kind: 'ok', value: 3 });
    expect(sm.apply(entry({ op: 'write', key: 'b', value: 'x' }))).toEqual({ kind: 'ok', value: 'x' });
    expect(sm.apply(entry({ op: 'read', key: 'a' }))).toEqual({ kind: 'ok', value: 3 });
    expect(sm.read('b')).toBe('x');
    expect(sm.read('c')).toBeNull();
  });

  it('cas succeeds only when the current value matches; a mismatch is a definite fail with no effect', () => {
    const sm = new KvStateMachine();
    expect(sm.apply(entry({ op: 'cas', key: 'k', from: null, to: 1 }))).toEqual({ kind: 'ok', value: 1 });
    expect(sm.apply(entry({ op: 'cas', key: 'k', from: 5, to: 2 }))).toEqual({ kind: 'fail', reason: 'cas-mismatch' });
    expect(sm.read('k')).toBe(1);
    expect(sm.apply(entry({ op: 'cas', key: 'k', from: 1, to: 2 }))).toEqual({ kind: 'ok', value: 2 });
    expect(sm.read('k')).toBe(2);
  });

  it('applies a retried request (same clientId and seq) once and answers the cached result', () => {
    const sm = new KvStateMachine();
    const w: KvCommand = { op: 'write', key: 'k', value: 1, clientId: 'c1', seq: 1 };
    expect(sm.apply(entry(w))).toEqual({ kind: 'ok', value: 1 });
    // Another client writes; then c1's retry of seq 1 is committed again (two leaders both took it).
    sm.apply(entry({ op: 'write', key: 'k', value: 9, clientId: 'c2', seq: 1 }));
    expect(sm.apply(entry(w))).toEqual({ kind: 'ok', value: 1 });
    expect(sm.read('k')).toBe(9); // the retry did not overwrite c2's later write

    // A cas retried after it succeeded still answers ok, not a mismatch.
    const cas: KvCommand = { op: 'cas', key: 'k', from: 9, to: 10, clientId: 'c1', seq: 2 };
    expect(sm.apply(entry(cas))).toEqual({ kind: 'ok', value: 10 });
    expect(sm.apply(entry(cas))).toEqual({ kind: 'ok', value: 10 });
    expect(sm.cachedResult('c1', 2)).toEqual({ kind: 'ok', value: 10 });
    // An older request of c1 arriving late has no effect.
    expect(sm.apply(entry({ op: 'write', key: 'k', value: 77, clientId: 'c1', seq: 1 }))).toEqual({ kind: 'fail', reason: 'stale-duplicate' });
    expect(sm.read('k')).toBe(10);
  });

  it('treats no-op entries as nothing and bad commands as a deterministic failure', () => {
    const sm = new KvStateMachine();
    expect(sm.apply(entry('', 'noop'))).toEqual({ kind: 'ok', value: null });
    const bad = sm.apply(entry('not json'));
    expect(bad.kind).toBe('fail');
    expect(bad.kind === 'fail' && bad.reason).toMatch(/^bad-command: command is not JSON/);
    expect(sm.apply(entry('{"op":"delete","key":"a"}'))).toMatchObject({ kind: 'fail' });
    expect(sm.snapshot()).toBe(new KvStateMachine().snapshot());
  });

  it('snapshots deterministically and restores data and the dedup table', () => {
    const a = new KvStateMachine();
    const b = new KvStateMachine();
    a.apply(entry({ op: 'write', key: 'x', value: 1, clientId: 'c1', seq: 1 }));
    a.apply(entry({ op: 'write', key: 'y', value: 2, clientId: 'c2', seq: 4 }));
    b.apply(entry({ op: 'write', key: 'y', value: 2, clientId: 'c2', seq: 4 }));
    b.apply(entry({ op: 'write', key: 'x', value: 1, clientId: 'c1', seq: 1 }));
    expect(a.snapshot()).toBe(b.snapshot()); // same state, same bytes, whatever the order

    const c = new KvStateMachine();
    c.restore(a.snapshot());
    expect(c.read('x')).toBe(1);
    expect(c.read('y')).toBe(2);
    // The retry after a restore is still recognised.
    expect(c.apply(entry({ op: 'write', key: 'x', value: 1, clientId: 'c1', seq: 1 }))).toEqual({ kind: 'ok', value: 1 });
    c.apply(entry({ op: 'write', key: 'x', value: 5, clientId: 'c3', seq: 1 }));
    expect(c.apply(entry({ op: 'write', key: 'x', value: 1, clientId: 'c1', seq: 1 }))).toEqual({ kind: 'ok', value: 1 });
    expect(c.read('x')).toBe(5);
  });

  it('refuses a snapshot image it cannot read, naming the problem', () => {
    expect(() => new KvStateMachine().restore('garbage')).toThrow(/kv snapshot is not JSON/);
    expect(() => new KvStateMachine().restore('{"version":2}')).toThrow(/unknown shape/);
  });
});

describe('parseCommand', () => {
  it('round-trips every op', () => {
    const cmds: KvCommand[] = [
      { op: 'read', key: 'a' },
      { op: 'write', key: 'a', value: 'v', clientId: 'c', seq: 3 },
      { op: 'cas', key: 'a', from: null, to: 4 },
    ];
    for (const c of cmds) expect(parseCommand(encodeCommand(c))).toEqual(c);
  });

  it('names what is wrong', () => {
    expect(() => parseCommand('[]')).toThrow(/no string "key"/);
    expect(() => parseCommand('{"op":"write","key":"a","value":{}}')).toThrow(/write "value"/);
    expect(() => parseCommand('{"op":"cas","key":"a","from":1}')).toThrow(/cas "from" and "to"/);
    expect(() => parseCommand('{"op":"read","key":"a","seq":1.5}')).toThrow(/"seq" must be an integer/);
    expect(() => parseCommand('{"op":"zap","key":"a"}')).toThrow(/unknown command op "zap"/);
  });
});
