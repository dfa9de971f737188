// The codec: every message, entry, hard state and snapshot survives a round trip; malformed input
// is rejected with a CodecError that names the bad field.
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decodeEntry,
  decodeHardState,
  decodeMessage,
  decodeSnapshot,
  encodeEntry,
  encodeHardState,
  encodeMessage,
  encodeSnapshot,
} from '../../src/raft/codec.js';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import type { Message } from '../../src/raft/types.js';
import { logOfTerms } from './helpers/core.js';

const n = asNodeId;
const t = asTerm;
const i = asIndex;

const SAMPLES: readonly Message[] = [
  { type: 'RequestVote', from: n(1), to: n(2), term: t(3), preVote: false, lastLogIndex: i(7), lastLogTerm: t(2) },
  { type: 'RequestVote', from: n(1), to: n(2), term: t(3), preVote: true, lastLogIndex: i(0), lastLogTerm: t(0), transfer: true },
  { type: 'RequestVoteReply', from: n(2), to: n(1), term: t(3), preVote: true, granted: false },
  {
    type: 'AppendEntries',
    from: n(1),
    to: n(3),
    term: t(4),
    prevLogIndex: i(2),
    prevLogTerm: t(1),
    entries: [...logOfTerms([4, 4], 3), { term: t(4), index: i(5), kind: 'noop', data: '' }],
    leaderCommit: i(2),
    readCtx: 9,
  },
  {
    type: 'AppendEntriesReply',
    from: n(3),
    to: n(1),
    term: t(4),
    success: false,
    matchIndex: i(2),
    conflictTerm: t(1),
    conflictIndex: i(1),
    readCtx: 9,
  },
  { type: 'InstallSnapshot', from: n(1), to: n(2), term: t(5), snapshot: { lastIndex: i(10), lastTerm: t(4), data: '{"k":"v"}' } },
  { type: 'InstallSnapshotReply', from: n(2), to: n(1), term: t(5), matchIndex: i(10) },
  { type: 'TimeoutNow', from: n(1), to: n(2), term: t(5) },
];

describe('codec round trip', () => {
  it.each(SAMPLES.map((m) => [m.type, m]))('%s', (_type, m) => {
    const back = decodeMessage(encodeMessage(m));
    expect(back).toEqual(m);
    expect(back).not.toBe(m);
  });

  it('entries, hard states and snapshots', () => {
    const e = logOfTerms([3], 4)[0];
    if (!e) throw new Error('no entry');
    expect(decodeEntry(encodeEntry(e))).toEqual(e);
    const hs = { term: t(3), votedFor: n(2), commit: i(9) };
    expect(decodeHardState(encodeHardState(hs))).toEqual(hs);
    const none = { term: t(0), votedFor: null, commit: i(0) };
    expect(decodeHardState(encodeHardState(none))).toEqual(none);
    const snap = { lastIndex: i(3), lastTerm: t(1), data: 'x' };
    expect(decodeSnapshot(encodeSnapshot(snap))).toEqual(snap);
  });

  it.each(SAMPLES.map((m) => [m.type, m]))('%s is written as the same JSON as JSON.stringify gives', (_type, m) => {
    const text = encodeMessage(m);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(m)));
    // The lab's RPCBytes2B counts text length: the hand-written text must not change it.
    expect(text.length).toBe(JSON.stringify(m).length);
  });

  it('an entry cached by the encoder is not confused with another entry at the same index', () => {
    const ae = SAMPLES[3] as Message & { type: 'AppendEntries' };
    const first = decodeMessage(encodeMessage(ae));
    const replaced = { ...ae, entries: ae.entries.map((e) => ({ ...e, term: t(9), data: `${e.data}"\\x` })) };
    const back = decodeMessage(encodeMessage(replaced));
    expect(back).toEqual(replaced);
    expect(decodeMessage(encodeMessage(ae))).toEqual(first);
  });

  it('every message type decodes the same through JSON texts in another key order', () => {
    for (const m of SAMPLES) {
      const shuffled = Object.fromEntries(Object.entries(m).reverse());
      expect(decodeMessage(JSON.stringify(shuffled))).toEqual(m);
    }
  });

  it('drops unknown extra fields', () => {
    const text = JSON.stringify({ ...SAMPLES[7], extra: 'ignored' });
    expect(decodeMessage(text)).toEqual(SAMPLES[7]);
  });
});

describe('codec rejects malformed input, naming the field', () => {
  const base = SAMPLES[3] as Message;
  const mutate = (patch: Record<string, unknown>): string => JSON.stringify({ ...base, ...patch });
  const fieldOf = (text: string): string => {
    try {
      decodeMessage(text);
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError);
      return (err as CodecError).field;
    }
    throw new Error('decodeMessage accepted bad input');
  };

  it.each([
    ['not JSON', '{"type":', 'message'],
    ['not an object', '[1,2]', 'message'],
    ['unknown type', mutate({ type: 'Gossip' }), 'type'],
    ['negative term', mutate({ term: -1 }), 'term'],
    ['fractional index', mutate({ prevLogIndex: 1.5 }), 'prevLogIndex'],
    ['term as string', mutate({ term: '4' }), 'term'],
    ['node id 0', mutate({ from: 0 }), 'from'],
    ['missing leaderCommit', mutate({ leaderCommit: undefined }), 'leaderCommit'],
    ['entries not an array', mutate({ entries: {} }), 'entries'],
    ['entry of unknown kind', mutate({ entries: [{ term: 4, index: 3, kind: 'config', data: '' }] }), 'entries.0.kind'],
    ['entry with numeric data', mutate({ entries: [{ term: 4, index: 3, kind: 'normal', data: 7 }] }), 'entries.0.data'],
    ['entries not consecutive', mutate({ entries: [{ term: 4, index: 5, kind: 'normal', data: '' }] }), 'entries.0.index'],
    ['huge integer', mutate({ readCtx: 2 ** 60 }), 'readCtx'],
    ['boolean as number', JSON.stringify({ ...(SAMPLES[2] as object), granted: 1 }), 'granted'],
    ['snapshot without data', JSON.stringify({ ...(SAMPLES[5] as object), snapshot: { lastIndex: 1, lastTerm: 1 } }), 'snapshot.data'],
    ['transfer not boolean', JSON.stringify({ ...(SAMPLES[0] as object), transfer: 'yes' }), 'transfer'],
  ])('%s', (_case, text, field) => {
    expect(fieldOf(text)).toBe(field);
  });

  it('the message quotes the bad value', () => {
    expect(() => decodeMessage(mutate({ term: -1 }))).toThrow('term: expected an integer >= 0, got -1');
  });

  it('bad hard states and entries', () => {
    expect(() => decodeHardState('{"term":1,"votedFor":"2","commit":0}')).toThrow(CodecError);
    expect(() => decodeEntry('{"term":1,"index":-2,"kind":"normal","data":""}')).toThrow(/index/);
    expect(() => decodeSnapshot('null')).toThrow(CodecError);
  });
});
