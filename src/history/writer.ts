// Appends operation records to history.jsonl as they happen: one synchronous write per record, so a
// crash of the controller keeps everything recorded so far. Times are nanoseconds on the controller's
// monotonic clock since the run started (DESIGN.md §2).
import fs from 'node:fs';
import type { OpRecord, OpType, ProcessId } from './types.js';

export interface OpInput {
  readonly type: OpType;
  readonly process: ProcessId;
  readonly f: string;
  readonly key?: string;
  readonly value: unknown;
  readonly error?: string;
  readonly node?: number;
}

export class HistoryWriter {
  private fd: number | null;
  private readonly startNs: bigint;
  private nextIndex = 0;
  /** Every record written, in order (the checker reads these after the run). */
  readonly records: OpRecord[] = [];

  /** @param startNs process.hrtime.bigint() at the run's start (time 0). */
  constructor(
    readonly file: string,
    startNs: bigint = process.hrtime.bigint(),
  ) {
    this.fd = fs.openSync(file, 'a');
    this.startNs = startNs;
  }

  /** Nanoseconds since the run started. */
  nowNs(): number {
    return Number(process.hrtime.bigint() - this.startNs);
  }

  record(input: OpInput): OpRecord {
    const op: OpRecord = {
      index: this.nextIndex++,
      type: input.type,
      process: input.process,
      f: input.f,
      ...(input.key !== undefined ? { key: input.key } : {}),
      value: input.value,
      time: this.nowNs(),
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.node !== undefined ? { node: input.node } : {}),
    };
    this.records.push(op);
    if (this.fd !== null) fs.writeSync(this.fd, `${JSON.stringify(op)}\n`);
    return op;
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }
}
