// The one client-operation state machine, as both drivers use it: the simulator (retryUnknown:
// attempt timeouts and lost answers are retried with the same request id) and the real pool (an
// unknown answer ends the operation as info).
import { describe, expect, it } from 'vitest';
import { ClientOperation, ClientProcess } from '../../src/clients/operation.js';
import type { ClientOpSpec } from '../../src/plugins.js';

const write: ClientOpSpec = { f: 'write', key: 'k', value: 7 };
const read: ClientOpSpec = { f: 'read', key: 'k', value: null };
const cas: ClientOpSpec = { f: 'cas', key: 'k', value: [1, 2] };

describe('ClientOperation', () => {
  it('ok: a read returns the value read, a write the value written', () => {
    const r = new ClientOperation(read);
    expect(r.answer(r.newAttempt(), 1, { kind: 'ok', value: 3 }, false)).toEqual({ kind: 'done', type: 'ok', value: 3 });
    const w = new ClientOperation(write);
    expect(w.answer(w.newAttempt(), 1, { kind: 'ok', value: null }, false)).toEqual({ kind: 'done', type: 'ok', value: 7 });
  });

  it('follows a redirect to the named leader, never back to the node that redirected', () => {
    const op = new ClientOperation(write);
    expect(op.answer(op.newAttempt(), 1, { kind: 'redirect', leader: 2 }, false)).toEqual({ kind: 'retry', leader: 2, hasLeader: true });
    expect(op.answer(op.newAttempt(), 2, { kind: 'redirect', leader: 2 }, false)).toEqual({ kind: 'retry', leader: null, hasLeader: true });
    expect(op.answer(op.newAttempt(), 3, { kind: 'redirect', leader: null }, false)).toEqual({ kind: 'retry', leader: null, hasLeader: false });
    // Every attempt was refused: at the deadline nothing can take effect, so the write failed.
    expect(op.deadline('no-leader')).toEqual({ kind: 'done', type: 'fail', value: 7, error: 'no-leader' });
  });

  it('an unknown answer is info for a write in the real pool, fail for a read (a read has no effect)', () => {
    const w = new ClientOperation(write);
    expect(w.answer(w.newAttempt(), 1, { kind: 'unknown', reason: 'timeout' }, false)).toEqual({ kind: 'done', type: 'info', value: 7, error: 'timeout' });
    const r = new ClientOperation(read);
    expect(r.answer(r.newAttempt(), 1, { kind: 'unknown', reason: 'timeout' }, false)).toEqual({ kind: 'done', type: 'fail', value: null, error: 'timeout' });
  });

  it('with retries, a definite failure after an attempt that may still apply is not a fail: the deadline makes it info', () => {
    const op = new ClientOperation(write);
    const first = op.newAttempt();
    expect(op.attemptTimedOut(first)).toEqual({ kind: 'retry', leader: null, hasLeader: false });
    const second = op.newAttempt();
    // The first attempt's answer comes late: ignored, the newer attempt runs.
    expect(op.answer(first, 1, { kind: 'unknown', reason: 'lost-leadership' }, true)).toEqual({ kind: 'ignore' });
    expect(op.answer(second, 2, { kind: 'fail', reason: 'lost-leadership' }, true)).toEqual({ kind: 'retry', leader: null, hasLeader: false });
    expect(op.deadline('timeout')).toEqual({ kind: 'done', type: 'info', value: 7, error: 'timeout' });
  });

  it('a definite failure when no attempt is open is a fail; a cas mismatch is a fail at once', () => {
    const op = new ClientOperation(write);
    expect(op.answer(op.newAttempt(), 1, { kind: 'fail', reason: 'lost-leadership' }, true)).toEqual({ kind: 'done', type: 'fail', value: 7, error: 'lost-leadership' });
    const c = new ClientOperation(cas);
    const a = c.newAttempt();
    c.attemptTimedOut(a);
    expect(c.answer(c.newAttempt(), 1, { kind: 'fail', reason: 'cas-mismatch' }, true)).toEqual({ kind: 'done', type: 'fail', value: [1, 2], error: 'cas-mismatch' });
  });

  it('a request that was never sent leaves nothing open', () => {
    const op = new ClientOperation(write);
    expect(op.answer(op.newAttempt(), 1, { kind: 'not-sent', reason: 'refused' }, false)).toEqual({ kind: 'retry', leader: null, hasLeader: false });
    expect(op.deadline('no-leader')).toMatchObject({ kind: 'done', type: 'fail' });
  });
});

describe('ClientProcess', () => {
  it('numbers requests per process and retires to a fresh id with a fresh sequence', () => {
    let next = 10;
    const p = new ClientProcess(3, () => next++);
    expect(p.nextRequest()).toEqual({ clientId: 'c3', seq: 1 });
    expect(p.nextRequest()).toEqual({ clientId: 'c3', seq: 2 });
    p.retire();
    expect(p.process).toBe(10);
    expect(p.nextRequest()).toEqual({ clientId: 'c10', seq: 1 });
  });
});
