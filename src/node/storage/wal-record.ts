// The records of the write-ahead log (wal.log). Each is one record of record-file.ts whose body is
// one of these JSON objects:
//   base  first record of a log rewritten after a snapshot: the log continues after (index, term)
//   hard  the hard state (§5 Figure 2 persistent state: currentTerm, votedFor; plus commit)
//   ents  entries appended; if the first one's index is at or below the last stored index, the
//         stored log from that index on is replaced first (a §5.3 conflict truncation)
//   snap  snapshot.dat now covers the log through (index, term), and was made durable before this
//         record: drop the entries up to there, or the whole log if it disagrees at index (§7)
import type { Entry, HardState } from '../../raft/types.js';
import { asIndex, asNodeId, asTerm } from '../../raft/types.js';

export type WalRecord =
  | { readonly k: 'base'; readonly index: number; readonly term: number }
  | { readonly k: 'hard'; readonly term: number; readonly votedFor: number | null; readonly commit: number }
  | { readonly k: 'ents'; readonly entries: readonly Entry[] }
  | { readonly k: 'snap'; readonly index: number; readonly term: number };

export function hardRecord(hardState: HardState): WalRecord {
  return { k: 'hard', term: hardState.term, votedFor: hardState.votedFor, commit: hardState.commit };
}

export function hardStateOf(record: Extract<WalRecord, { k: 'hard' }>): HardState {
  return {
    term: asTerm(record.term),
    votedFor: record.votedFor === null ? null : asNodeId(record.votedFor),
    commit: asIndex(record.commit),
  };
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    isCount(entry.term) &&
    isCount(entry.index) &&
    entry.index > 0 &&
    (entry.kind === 'normal' || entry.kind === 'noop') &&
    typeof entry.data === 'string'
  );
}

/** Parse a record body; returns a reason string when it is not a valid WAL record. */
export function parseWalRecord(body: string): WalRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return `record body is not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null) return 'record body is not an object';
  const record = value as Record<string, unknown>;
  switch (record.k) {
    case 'base':
      return isCount(record.index) && isCount(record.term) ? (record as WalRecord) : 'malformed base record';
    case 'snap':
      return isCount(record.index) && isCount(record.term) ? (record as WalRecord) : 'malformed snapshot marker record';
    case 'hard':
      return isCount(record.term) && isCount(record.commit) && (record.votedFor === null || isCount(record.votedFor))
        ? (record as WalRecord)
        : 'malformed hard-state record';
    case 'ents': {
      const entries = record.entries;
      if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isEntry)) return 'malformed entries record';
      const typed = entries as Entry[];
      for (let i = 1; i < typed.length; i++) {
        if (typed[i]!.index !== typed[i - 1]!.index + 1) return 'entries record with non-consecutive indexes';
      }
      return record as WalRecord;
    }
    default:
      return `unknown record kind ${JSON.stringify(record.k)}`;
  }
}
