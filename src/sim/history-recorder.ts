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
    const record: OpRecord = {
      index: this.records.length,
      type,
      process,
      f,
      ...(extra?.key !== undefined ? { key: extra.key } : {}),
      value,
      time: this.nowNs(),
      ...(extra?.error !== undefined ? { error: extra.error } : {}),
      ...(extra?.node !== undefined ? { node: extra.node } : {}),
    };
    this.records.push(record);
    return record;
  }
}
