// The wire and storage format of the core's data: plain JSON, with a decoder that checks every
// field (type, integer >= 0, known message type) and names the bad one. Messages cross the
// simulated network through this codec, so no object is ever shared between nodes.
import type {
  Entry,
  HardState,
  LogIndex,
  Message,
  MessageType,
  NodeId,
  Snapshot,
  Term,
} from './types.js';

/** Malformed input; `field` names the offending field (a dotted path such as "entries.2.term"). */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type Obj = Record<string, unknown>;

function parse(text: string, what: string): unknown {
  if (typeof text !== 'string') throw new CodecError(what, `${what}: expected a JSON string, got ${typeof text}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CodecError(what, `${what}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

function object(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new CodecError(field, `${field}: expected an object, got ${show(v)}`);
  }
  return v as Obj;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function nat(o: Obj, key: string, path: string, min = 0): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new CodecError(path + key, `${path}${key}: expected an integer >= ${min}, got ${show(v)}`);
  }
  return v;
}

const term = (o: Obj, key: string, path: string): Term => nat(o, key, path) as Term;
const index = (o: Obj, key: string, path: string): LogIndex => nat(o, key, path) as LogIndex;
const nodeId = (o: Obj, key: string, path: string): NodeId => nat(o, key, path, 1) as NodeId;

function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new CodecError(path + key, `${path}${key}: expected a string, got ${show(v)}`);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new CodecError(path + key, `${path}${key}: expected a boolean, got ${show(v)}`);
  return v;
}

function entryFrom(v: unknown, path: string): Entry {
  const o = object(v, path || 'entry');
  const kind = o.kind;
  if (kind !== 'normal' && kind !== 'noop') {
    throw new CodecError(`${path}kind`, `${path}kind: expected "normal" or "noop", got ${show(kind)}`);
  }
  return { term: term(o, 'term', path), index: index(o, 'index', path), kind, data: str(o, 'data', path) };
}

function snapshotFrom(v: unknown, path: string): Snapshot {
  const o = object(v, path || 'snapshot');
  return { lastIndex: index(o, 'lastIndex', path), lastTerm: term(o, 'lastTerm', path), data: str(o, 'data', path) };
}

function hardStateFrom(v: unknown): HardState {
  const o = object(v, 'hardState');
  const vf = o.votedFor;
  return {
    term: term(o, 'term', ''),
    votedFor: vf === null ? null : nodeId(o, 'votedFor', ''),
    commit: index(o, 'commit', ''),
  };
}

const MESSAGE_TYPES: readonly MessageType[] = [
  'RequestVote',
  'RequestVoteReply',
  'AppendEntries',
  'AppendEntriesReply',
  'InstallSnapshot',
  'InstallSnapshotReply',
  'TimeoutNow',
];

function messageFrom(v: unknown): Message {
  const o = object(v, 'message');
  const type = o.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw new CodecError('type', `type: expected one of ${MESSAGE_TYPES.join(', ')}, got ${show(type)}`);
  }
  const from = nodeId(o, 'from', '');
  const to = nodeId(o, 'to', '');
  const t = term(o, 'term', '');
  const mt = type as MessageType;
  switch (mt) {
    case 'RequestVote': {
      const transfer = o.transfer === undefined ? false : bool(o, 'transfer', '');
      return {
        type: mt,
        from,
        to,
        term: t,
        preVote: bool(o, 'preVote', ''),
        lastLogIndex: index(o, 'lastLogIndex', ''),
        lastLogTerm: term(o, 'lastLogTerm', ''),
        ...(transfer ? { transfer } : {}),
      };
    }
    case 'RequestVoteReply':
      return { type: mt, from, to, term: t, preVote: bool(o, 'preVote', ''), granted: bool(o, 'granted', '') };
    case 'AppendEntries': {
      const raw = o.entries;
      if (!Array.isArray(raw)) throw new CodecError('entries', `entries: expected an array, got ${show(raw)}`);
      const entries = raw.map((e, i) => entryFrom(e, `entries.${i}.`));
      const prevLogIndex = index(o, 'prevLogIndex', '');
      for (let i = 0; i < entries.length; i++) {
        if ((entries[i] as Entry).index !== prevLogIndex + 1 + i) {
          throw new CodecError(
            `entries.${i}.index`,
            `entries.${i}.index: expected ${prevLogIndex + 1 + i} (consecutive after prevLogIndex), got ${(entries[i] as Entry).index}`,
          );
        }
      }
      return {
        type: mt,
        from,
        to,
        term: t,
        prevLogIndex,
        prevLogTerm: term(o, 'prevLogTerm', ''),
        entries,
        leaderCommit: index(o, 'leaderCommit', ''),
        readCtx: nat(o, 'readCtx', ''),
      };
    }
    case 'AppendEntriesReply':
      return {
        type: mt,
        from,
        to,
        term: t,
        success: bool(o, 'success', ''),
        matchIndex: index(o, 'matchIndex', ''),
        conflictTerm: term(o, 'conflictTerm', ''),
        conflictIndex: index(o, 'conflictIndex', ''),
        readCtx: nat(o, 'readCtx', ''),
      };
    case 'InstallSnapshot':
      return { type: mt, from, to, term: t, snapshot: snapshotFrom(o.snapshot, 'snapshot.') };
    case 'InstallSnapshotReply':
      return { type: mt, from, to, term: t, matchIndex: index(o, 'matchIndex', '') };
    case 'TimeoutNow':
      return { type: mt, from, to, term: t };
    default: {
      const never: never = mt;
      throw new CodecError('type', `type: unknown ${show(never)}`);
    }
  }
}

export const encodeMessage = (m: Message): string => JSON.stringify(m);
/** Parse and validate one message; throws CodecError naming the first bad field. */
export const decodeMessage = (text: string): Message => messageFrom(parse(text, 'message'));
/** Validate an already parsed value as a message (for callers that parse a larger frame). */
export const messageFromJson = (value: unknown): Message => messageFrom(value);

export const encodeEntry = (e: Entry): string => JSON.stringify(e);
export const decodeEntry = (text: string): Entry => entryFrom(parse(text, 'entry'), '');
export const entryFromJson = (value: unknown): Entry => entryFrom(value, '');

export const encodeHardState = (h: HardState): string => JSON.stringify(h);
export const decodeHardState = (text: string): HardState => hardStateFrom(parse(text, 'hardState'));

export const encodeSnapshot = (s: Snapshot): string => JSON.stringify(s);
export const decodeSnapshot = (text: string): Snapshot => snapshotFrom(parse(text, 'snapshot'), '');
