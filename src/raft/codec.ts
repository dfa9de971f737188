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

// ------------------------------------------------------------------ decoding
//
// Two paths with one verdict. The fast path checks every field inline (no closures, no path
// strings, no allocation besides the result) and, on the first doubt, hands the value to the
// precise path below, which finds the bad field and throws the CodecError naming it. So the
// messages of errors are the precise path's; the fast path only decides "all good".

function isNat(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isNodeId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/** Fast check of an entry at `expectIndex`; null when anything is off (the precise path reports). */
function fastEntry(v: unknown, expectIndex: number): Entry | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Obj;
  const t = o.term;
  const i = o.index;
  const kind = o.kind;
  const data = o.data;
  if (!isNat(t) || i !== expectIndex || !isNat(i) || (kind !== 'normal' && kind !== 'noop') || typeof data !== 'string') {
    return null;
  }
  if (Array.isArray(v)) return null;
  return { term: t as Term, index: i as LogIndex, kind, data };
}

function fastMessage(v: unknown): Message | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Obj;
  const from = o.from;
  const to = o.to;
  const t = o.term;
  if (!isNodeId(from) || !isNodeId(to) || !isNat(t)) return null;
  const f = from as NodeId;
  const d = to as NodeId;
  const term = t as Term;
  switch (o.type) {
    case 'AppendEntries': {
      const raw = o.entries;
      const prev = o.prevLogIndex;
      const prevTerm = o.prevLogTerm;
      const commit = o.leaderCommit;
      const readCtx = o.readCtx;
      if (!Array.isArray(raw) || !isNat(prev) || !isNat(prevTerm) || !isNat(commit) || !isNat(readCtx)) return null;
      const n = raw.length;
      const entries = new Array<Entry>(n);
      for (let k = 0; k < n; k++) {
        const e = fastEntry(raw[k], prev + 1 + k);
        if (e === null) return null;
        entries[k] = e;
      }
      return {
        type: 'AppendEntries',
        from: f,
        to: d,
        term,
        prevLogIndex: prev as LogIndex,
        prevLogTerm: prevTerm as Term,
        entries,
        leaderCommit: commit as LogIndex,
        readCtx,
      };
    }
    case 'AppendEntriesReply': {
      const success = o.success;
      const match = o.matchIndex;
      const ct = o.conflictTerm;
      const ci = o.conflictIndex;
      const readCtx = o.readCtx;
      if (typeof success !== 'boolean' || !isNat(match) || !isNat(ct) || !isNat(ci) || !isNat(readCtx)) return null;
      return {
        type: 'AppendEntriesReply',
        from: f,
        to: d,
        term,
        success,
        matchIndex: match as LogIndex,
        conflictTerm: ct as Term,
        conflictIndex: ci as LogIndex,
        readCtx,
      };
    }
    case 'RequestVote': {
      const preVote = o.preVote;
      const lli = o.lastLogIndex;
      const llt = o.lastLogTerm;
      const transfer = o.transfer;
      if (typeof preVote !== 'boolean' || !isNat(lli) || !isNat(llt)) return null;
      if (transfer !== undefined && typeof transfer !== 'boolean') return null;
      const base = { type: 'RequestVote', from: f, to: d, term, preVote, lastLogIndex: lli as LogIndex, lastLogTerm: llt as Term } as const;
      return transfer === true ? { ...base, transfer } : base;
    }
    case 'RequestVoteReply': {
      const preVote = o.preVote;
      const granted = o.granted;
      if (typeof preVote !== 'boolean' || typeof granted !== 'boolean') return null;
      return { type: 'RequestVoteReply', from: f, to: d, term, preVote, granted };
    }
    case 'InstallSnapshotReply': {
      const match = o.matchIndex;
      if (!isNat(match)) return null;
      return { type: 'InstallSnapshotReply', from: f, to: d, term, matchIndex: match as LogIndex };
    }
    case 'TimeoutNow':
      return { type: 'TimeoutNow', from: f, to: d, term };
    default:
      // InstallSnapshot is rare: the precise path handles it (and every unknown type).
      return null;
  }
}

/** The precise path: finds the first bad field and throws a CodecError naming it. */
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

function validMessage(v: unknown): Message {
  return fastMessage(v) ?? messageFrom(v);
}

// ------------------------------------------------------------------ encoding
//
// Messages are written field by field (the same text JSON.stringify gives for the core's objects,
// keys in a fixed order). An entry's JSON is cached by object identity in a small ring keyed by
// its index: a leader sends the same entry objects to every follower (and again on retries), so
// each is stringified once. Entries are immutable (readonly), so identity implies same text.

const ENTRY_CACHE_SIZE = 1024; // a power of two
const cachedEntries: (Entry | undefined)[] = new Array<Entry | undefined>(ENTRY_CACHE_SIZE);
const cachedEntryJson: string[] = new Array<string>(ENTRY_CACHE_SIZE).fill('');

function entryJson(e: Entry): string {
  const slot = e.index & (ENTRY_CACHE_SIZE - 1);
  if (cachedEntries[slot] === e) return cachedEntryJson[slot]!;
  const json =
    '{"term":' + e.term + ',"index":' + e.index + ',"kind":"' + e.kind + '","data":' + JSON.stringify(e.data) + '}';
  cachedEntries[slot] = e;
  cachedEntryJson[slot] = json;
  return json;
}

function entriesJson(entries: readonly Entry[]): string {
  const n = entries.length;
  if (n === 0) return '[]';
  let s = '[' + entryJson(entries[0]!);
  for (let k = 1; k < n; k++) s += ',' + entryJson(entries[k]!);
  return s + ']';
}

function envelope(type: string, m: Message): string {
  return '{"type":"' + type + '","from":' + m.from + ',"to":' + m.to + ',"term":' + m.term;
}

function messageJson(m: Message): string {
  switch (m.type) {
    case 'AppendEntries':
      return (
        envelope('AppendEntries', m) +
        ',"prevLogIndex":' + m.prevLogIndex +
        ',"prevLogTerm":' + m.prevLogTerm +
        ',"entries":' + entriesJson(m.entries) +
        ',"leaderCommit":' + m.leaderCommit +
        ',"readCtx":' + m.readCtx + '}'
      );
    case 'AppendEntriesReply':
      return (
        envelope('AppendEntriesReply', m) +
        ',"success":' + (m.success ? 'true' : 'false') +
        ',"matchIndex":' + m.matchIndex +
        ',"conflictTerm":' + m.conflictTerm +
        ',"conflictIndex":' + m.conflictIndex +
        ',"readCtx":' + m.readCtx + '}'
      );
    case 'RequestVote':
      return (
        envelope('RequestVote', m) +
        ',"preVote":' + (m.preVote ? 'true' : 'false') +
        ',"lastLogIndex":' + m.lastLogIndex +
        ',"lastLogTerm":' + m.lastLogTerm +
        (m.transfer === undefined ? '' : m.transfer ? ',"transfer":true' : ',"transfer":false') + '}'
      );
    case 'RequestVoteReply':
      return envelope('RequestVoteReply', m) + ',"preVote":' + (m.preVote ? 'true' : 'false') + ',"granted":' + (m.granted ? 'true' : 'false') + '}';
    case 'InstallSnapshot':
      return envelope('InstallSnapshot', m) + ',"snapshot":' + JSON.stringify(m.snapshot) + '}';
    case 'InstallSnapshotReply':
      return envelope('InstallSnapshotReply', m) + ',"matchIndex":' + m.matchIndex + '}';
    case 'TimeoutNow':
      return envelope('TimeoutNow', m) + '}';
    default: {
      const never: never = m;
      throw new CodecError('type', `type: unknown ${show((never as Message).type)}`);
    }
  }
}

/** Only integers are written by hand; anything else (a NaN, a float) goes through JSON.stringify. */
function handWritable(m: Message): boolean {
  return Number.isSafeInteger(m.from) && Number.isSafeInteger(m.to) && Number.isSafeInteger(m.term);
}

export const encodeMessage = (m: Message): string => (handWritable(m) ? messageJson(m) : JSON.stringify(m));
/** Parse and validate one message; throws CodecError naming the first bad field. */
export const decodeMessage = (text: string): Message => validMessage(parse(text, 'message'));
/** Validate an already parsed value as a message (for callers that parse a larger frame). */
export const messageFromJson = (value: unknown): Message => validMessage(value);

export const encodeEntry = (e: Entry): string => JSON.stringify(e);
export const decodeEntry = (text: string): Entry => entryFrom(parse(text, 'entry'), '');
export const entryFromJson = (value: unknown): Entry => entryFrom(value, '');

export const encodeHardState = (h: HardState): string => JSON.stringify(h);
export const decodeHardState = (text: string): HardState => hardStateFrom(parse(text, 'hardState'));

export const encodeSnapshot = (s: Snapshot): string => JSON.stringify(s);
export const decodeSnapshot = (text: string): Snapshot => snapshotFrom(parse(text, 'snapshot'), '');
