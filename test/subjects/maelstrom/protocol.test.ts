import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isDefiniteError, parseEnvelope } from '../../../src/subjects/maelstrom/protocol.js';
import { answerOf, wireKey } from '../../../src/subjects/maelstrom/client.js';
import { absolutePaths, splitCommandLine } from '../../../src/subjects/maelstrom/argv.js';
import { parseLatency } from '../../../src/subjects/maelstrom/latency.js';
import type { ClientOpSpec } from '../../../src/plugins.js';

describe('parseEnvelope', () => {
  it('accepts a message and names what is wrong with anything else', () => {
    const ok = parseEnvelope('{"src":"n0","dest":"c1","body":{"type":"read_ok","in_reply_to":3,"value":1}}');
    expect(ok.ok && ok.envelope.body.value).toBe(1);
    expect(parseEnvelope('hello')).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseEnvelope('[1]')).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseEnvelope('{"dest":"n1","body":{"type":"x"}}')).toEqual({ ok: false, reason: 'no string "src"' });
    expect(parseEnvelope('{"src":"n0","body":{"type":"x"}}')).toEqual({ ok: false, reason: 'no string "dest"' });
    expect(parseEnvelope('{"src":"n0","dest":"n1","body":3}')).toEqual({ ok: false, reason: 'no object "body"' });
    expect(parseEnvelope('{"src":"n0","dest":"n1","body":{}}')).toEqual({ ok: false, reason: 'body has no string "type"' });
    expect(parseEnvelope('{"src":"n0","dest":"n1","body":{"type":"x","msg_id":1.5}}').ok).toBe(false);
    expect(parseEnvelope('{"src":"n0","dest":"n1","body":{"type":"x","in_reply_to":"3"}}').ok).toBe(false);
  });
});

describe('error codes (resources/errors.edn)', () => {
  it('marks timeout and crash indefinite, the others definite, unknown codes indefinite', () => {
    const indefinite = ERROR_CODES.filter((e) => !e.definite).map((e) => e.code);
    expect(indefinite).toEqual([0, 13]);
    for (const code of [1, 10, 11, 12, 14, 20, 21, 22, 30]) expect(isDefiniteError(code)).toBe(true);
    expect(isDefiniteError(0)).toBe(false);
    expect(isDefiniteError(13)).toBe(false);
    expect(isDefiniteError(1000)).toBe(false);
  });
});

describe('lin-kv outcomes', () => {
  const read: ClientOpSpec = { f: 'read', key: '1', value: null };
  const write: ClientOpSpec = { f: 'write', key: '1', value: 3 };
  const cas: ClientOpSpec = { f: 'cas', key: '1', value: [1, 2] };
  const body = (b: Record<string, unknown>) => ({ kind: 'body' as const, node: 1, body: b as { type: string } });

  it('ok replies carry the value read', () => {
    expect(answerOf(read, body({ type: 'read_ok', value: 4 }))).toEqual({ kind: 'ok', value: 4 });
    expect(answerOf(read, body({ type: 'read_ok' }))).toEqual({ kind: 'ok', value: null });
    expect(answerOf(write, body({ type: 'write_ok' }))).toEqual({ kind: 'ok', value: null });
    expect(answerOf(cas, body({ type: 'cas_ok' }))).toEqual({ kind: 'ok', value: null });
  });

  it('definite errors fail, indefinite ones and timeouts are unknown (info), any read error fails', () => {
    expect(answerOf(cas, body({ type: 'error', code: 22 })).kind).toBe('fail');
    expect(answerOf(cas, body({ type: 'error', code: 20 })).kind).toBe('fail');
    expect(answerOf(write, body({ type: 'error', code: 11 })).kind).toBe('fail');
    expect(answerOf(write, body({ type: 'error', code: 14 })).kind).toBe('fail');
    expect(answerOf(write, body({ type: 'error', code: 13 })).kind).toBe('unknown');
    expect(answerOf(write, body({ type: 'error', code: 0 })).kind).toBe('unknown');
    expect(answerOf(write, body({ type: 'error', code: 1234 })).kind).toBe('unknown');
    expect(answerOf(write, { kind: 'timeout' })).toEqual({ kind: 'unknown', reason: 'timeout' });
    expect(answerOf(read, { kind: 'timeout' })).toEqual({ kind: 'fail', reason: 'timeout' });
    expect(answerOf(read, body({ type: 'error', code: 13 })).kind).toBe('fail');
    expect(answerOf(cas, body({ type: 'error', code: 22, text: 'nope' }))).toEqual({ kind: 'fail', reason: 'precondition-failed: nope' });
  });

  it('a reply of the wrong type is not taken as success', () => {
    const o = answerOf(write, body({ type: 'read_ok', value: 1 }));
    expect(o.kind).toBe('unknown');
    expect(o.unexpected).toBe('a read_ok answered a write');
    expect(answerOf(read, body({ type: 'write_ok' })).kind).toBe('fail');
  });

  it('sends decimal keys as JSON integers, others as strings', () => {
    expect(wireKey('0')).toBe(0);
    expect(wireKey('12')).toBe(12);
    expect(wireKey('k1')).toBe('k1');
    expect(wireKey('01')).toBe('01');
  });
});

describe('splitCommandLine', () => {
  it('splits words with quotes and backslashes', () => {
    expect(splitCommandLine('python3 node.py --x 1')).toEqual(['python3', 'node.py', '--x', '1']);
    expect(splitCommandLine(`node "my dir/n.js" 'a b' c\\ d ""`)).toEqual(['node', 'my dir/n.js', 'a b', 'c d', '']);
    expect(() => splitCommandLine('node "x')).toThrow(/unclosed/);
    expect(splitCommandLine('   ')).toEqual([]);
  });
});

describe('absolutePaths', () => {
  it('makes words naming existing files absolute, leaving commands and flags alone', () => {
    const exists = (p: string) => ['/w/node.py', '/w/bin/n.sh'].includes(p);
    expect(absolutePaths(['python3', 'node.py', '--x', '1'], '/w', exists)).toEqual(['python3', '/w/node.py', '--x', '1']);
    expect(absolutePaths(['bin/n.sh', 'missing.py', '/abs'], '/w', exists)).toEqual(['/w/bin/n.sh', 'missing.py', '/abs']);
  });
});

describe('parseLatency', () => {
  it('reads constant, uniform and exponential delays', () => {
    expect(parseLatency('5')).toEqual({ kind: 'constant', ms: 5 });
    expect(parseLatency('2-10')).toEqual({ kind: 'uniform', minMs: 2, maxMs: 10 });
    expect(parseLatency('exp:3')).toEqual({ kind: 'exponential', meanMs: 3 });
    expect(() => parseLatency('fast')).toThrow(/MIN-MAX/);
    expect(() => parseLatency('10-2')).toThrow(/MIN must not exceed MAX/);
  });
});
