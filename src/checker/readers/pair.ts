// Turn a sequence of invocation and completion records into operations: an invocation is paired
// with the next completion of the same process (a process runs one operation at a time, as in
// Jepsen). `fail` completions are dropped (the operation certainly did not take effect); `info`
// completions and invocations never completed become operations of unknown outcome that never
// return.
import type { Operation } from '../types.js';
import { HistoryParseError } from './parse-error.js';

export type RecordType = 'invoke' | 'ok' | 'fail' | 'info';

/** One line of a history, whatever the format. */
export interface HistoryRecord {
  readonly type: RecordType;
  readonly process: number | string;
  readonly f: string;
  readonly key?: string;
  readonly value: unknown;
  readonly time: number;
  /** 1-based line in the file, for error messages. */
  readonly line: number;
  /** Why a fail / info happened, when the format says. */
  readonly error?: string;
}

export interface PairOptions {
  /** The file name, for error messages. */
  readonly file: string;
  /**
   * How to read a `fail` completion: 'drop' (Jepsen: it did not happen); 'cas-false' (Porcupine's
   * etcd logs: a failed cas is an observation that the register did not hold `from`); or
   * 'cas-mismatch-false' (our history.jsonl: a cas failed with error "cas-mismatch" was applied by
   * the state machine and found another value, which is that same observation; any other failure
   * is dropped).
   */
  readonly fail: 'drop' | 'cas-false' | 'cas-mismatch-false';
}

interface Pending {
  readonly rec: HistoryRecord;
}

export function pairRecords(records: Iterable<HistoryRecord>, options: PairOptions): Operation[] {
  const pending = new Map<number | string, Pending>();
  // Operations in invocation order; null marks a dropped (failed) one.
  const slots: (Operation | null | Pending)[] = [];
  const slotOf = new Map<Pending, number>();
  for (const rec of records) {
    if (rec.type === 'invoke') {
      const open = pending.get(rec.process);
      if (open !== undefined) {
        throw new HistoryParseError(
          options.file,
          rec.line,
          `process ${String(rec.process)} invokes ${rec.f} while its ${open.rec.f} of line ${open.rec.line} has not completed`,
        );
      }
      const p: Pending = { rec };
      pending.set(rec.process, p);
      slotOf.set(p, slots.length);
      slots.push(p);
      continue;
    }
    const open = pending.get(rec.process);
    if (open === undefined) {
      throw new HistoryParseError(options.file, rec.line, `${rec.type} of process ${String(rec.process)} without an invocation`);
    }
    pending.delete(rec.process);
    const inv = open.rec;
    if (rec.f !== inv.f) {
      throw new HistoryParseError(options.file, rec.line, `completion f=${rec.f} does not match the invocation's f=${inv.f} (line ${inv.line})`);
    }
    const slot = slotOf.get(open)!;
    slotOf.delete(open);
    const base = { process: inv.process, f: inv.f, input: inv.value, call: inv.time };
    const key = inv.key ?? rec.key;
    switch (rec.type) {
      case 'ok':
        slots[slot] = { id: 0, ...base, ...(key !== undefined ? { key } : {}), output: rec.value, outcome: 'ok', return: rec.time };
        break;
      case 'fail':
        if (inv.f === 'cas' && (options.fail === 'cas-false' || (options.fail === 'cas-mismatch-false' && rec.error === 'cas-mismatch'))) {
          slots[slot] = { id: 0, ...base, ...(key !== undefined ? { key } : {}), output: false, outcome: 'ok', return: rec.time };
        } else {
          slots[slot] = null;
        }
        break;
      case 'info':
        slots[slot] = { id: 0, ...base, ...(key !== undefined ? { key } : {}), output: undefined, outcome: 'unknown', return: Infinity };
        break;
    }
  }
  const ops: Operation[] = [];
  for (const s of slots) {
    if (s === null) continue;
    let op: Operation;
    if ('rec' in s) {
      const inv = s.rec;
      op = {
        id: 0,
        process: inv.process,
        f: inv.f,
        ...(inv.key !== undefined ? { key: inv.key } : {}),
        input: inv.value,
        output: undefined,
        outcome: 'unknown',
        call: inv.time,
        return: Infinity,
      };
    } else {
      op = s;
    }
    ops.push({ ...op, id: ops.length });
  }
  return ops;
}
