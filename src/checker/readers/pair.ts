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
  /** The record's index in the history (Jepsen's `:index`, else its position), naming operations. */
  readonly index?: number;
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
  /**
   * 'completion' (Knossos's history/complete): an ok operation's input is its completion's value.
   * Default: the invocation's value.
   */
  readonly okValue?: 'completion' | 'invocation';
}

interface Pending {
  readonly rec: HistoryRecord;
  readonly slot: number;
}

/**
 * Pairs records as they come (`push`), keeping only the operations and the open invocations, so a
 * reader can stream a file through it; `finish` gives the operations in invocation order.
 */
export class RecordPairer {
  private readonly pending = new Map<number | string, Pending>();
  /** Operations in invocation order; null marks a dropped (failed) one, a Pending an open one. */
  private readonly slots: (Operation | null | Pending)[] = [];
  /** Client records pushed. */
  records = 0;

  constructor(private readonly options: PairOptions) {}

  push(rec: HistoryRecord): void {
    const options = this.options;
    this.records++;
    if (rec.type === 'invoke') {
      const open = this.pending.get(rec.process);
      if (open !== undefined) {
        throw new HistoryParseError(
          options.file,
          rec.line,
          `process ${String(rec.process)} invokes ${rec.f} while its ${open.rec.f} of line ${open.rec.line} has not completed`,
        );
      }
      const p: Pending = { rec, slot: this.slots.length };
      this.pending.set(rec.process, p);
      this.slots.push(p);
      return;
    }
    const open = this.pending.get(rec.process);
    if (open === undefined) {
      throw new HistoryParseError(options.file, rec.line, `${rec.type} of process ${String(rec.process)} without an invocation`);
    }
    this.pending.delete(rec.process);
    const inv = open.rec;
    if (rec.f !== inv.f) {
      throw new HistoryParseError(options.file, rec.line, `completion f=${rec.f} does not match the invocation's f=${inv.f} (line ${inv.line})`);
    }
    const key = inv.key ?? rec.key;
    let output: unknown;
    let outcome: Operation['outcome'] = 'ok';
    let ret = rec.time;
    let index = rec.index ?? inv.index;
    let input = inv.value;
    switch (rec.type) {
      case 'ok':
        output = rec.value;
        if (options.okValue === 'completion') input = rec.value;
        break;
      case 'fail':
        if (inv.f === 'cas' && (options.fail === 'cas-false' || (options.fail === 'cas-mismatch-false' && rec.error === 'cas-mismatch'))) {
          output = false;
        } else {
          this.slots[open.slot] = null;
          return;
        }
        break;
      case 'info':
        output = undefined;
        outcome = 'unknown';
        ret = Infinity;
        index = inv.index;
        break;
    }
    this.slots[open.slot] = makeOperation(inv.process, inv.f, key, input, output, outcome, inv.time, ret, index);
  }

  finish(): Operation[] {
    const ops: Operation[] = [];
    for (const s of this.slots) {
      if (s === null) continue;
      let op: Operation;
      if ('rec' in s) {
        const inv = s.rec;
        op = makeOperation(inv.process, inv.f, inv.key, inv.value, undefined, 'unknown', inv.time, Infinity, inv.index);
      } else {
        op = s;
      }
      (op as { id: number }).id = ops.length;
      ops.push(op);
    }
    return ops;
  }
}

/** An operation object of one fixed shape (optional fields left out when undefined). */
export function makeOperation(
  process: number | string,
  f: string,
  key: string | undefined,
  input: unknown,
  output: unknown,
  outcome: Operation['outcome'],
  call: number,
  ret: number,
  index: number | undefined,
): Operation {
  if (key === undefined) {
    return index === undefined
      ? { id: 0, process, f, input, output, outcome, call, return: ret }
      : { id: 0, process, f, input, output, outcome, call, return: ret, index };
  }
  return index === undefined
    ? { id: 0, process, f, key, input, output, outcome, call, return: ret }
    : { id: 0, process, f, key, input, output, outcome, call, return: ret, index };
}

export function pairRecords(records: Iterable<HistoryRecord>, options: PairOptions): Operation[] {
  const pairer = new RecordPairer(options);
  for (const rec of records) pairer.push(rec);
  return pairer.finish();
}
