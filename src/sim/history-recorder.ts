// Collects the OpRecords of a simulated run (history.jsonl's records), time in ns of virtual time.
import type { OpRecord, OpType, ProcessId } from '../history/types.js';

export class HistoryRecorder {
  readonly records: OpRecord[] = [];

  constructor(private readonly nowNs: () => number) {}

  add(
    type: OpType,
    process: ProcessId,
    f: string,
    value: unknown,
    extra?: { readonly key?: string; readonly error?: string; readonly node?: number },
  ): OpRecord {
    // Built field by field (optional fields only when present): this runs twice per operation.
    const record: { -readonly [K in keyof OpRecord]: OpRecord[K] } = { index: this.records.length, type, process, f, value, time: this.nowNs() };
    if (extra !== undefined) {
      if (extra.key !== undefined) record.key = extra.key;
      if (extra.error !== undefined) record.error = extra.error;
      if (extra.node !== undefined) record.node = extra.node;
    }
    this.records.push(record);
    return record;
  }
}
