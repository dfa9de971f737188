// Pairs the history's records into operations: each client invocation with its completion (a
// process runs one operation at a time, DESIGN.md §2), and each nemesis invocation with its
// completion (or a lone nemesis record as one action).
import type { OpRecord } from '../../history/types.js';
import type { NemesisAction, OpOutcome } from './types.js';

export interface ClientOp {
  readonly f: string;
  readonly process: number;
  readonly invokeNs: number;
  /** Null while pending (no completion in the history). */
  readonly completeNs: number | null;
  readonly outcome: OpOutcome | 'pending';
}

export interface PairedHistory {
  /** In invocation order. */
  readonly ops: ClientOp[];
  /** In history order. */
  readonly nemesis: NemesisAction[];
  readonly warnings: string[];
}

export function pairHistory(history: readonly OpRecord[]): PairedHistory {
  const ops: ClientOp[] = [];
  const nemesis: NemesisAction[] = [];
  const warnings: string[] = [];
  const open = new Map<number, { record: OpRecord; slot: number }>();
  let nemesisInvoke: OpRecord | null = null;
  let orphans = 0;
  const pending = (record: OpRecord): ClientOp => ({
    f: record.f,
    process: record.process as number,
    invokeNs: record.time,
    completeNs: null,
    outcome: 'pending',
  });

  for (const record of history) {
    if (record.process === 'nemesis') {
      if (record.type === 'invoke') {
        if (nemesisInvoke !== null) nemesis.push(lone(nemesisInvoke));
        nemesisInvoke = record;
      } else if (nemesisInvoke !== null && nemesisInvoke.f === record.f) {
        nemesis.push({ index: record.index, f: record.f, value: nemesisInvoke.value, outcome: record.value, timeNs: record.time });
        nemesisInvoke = null;
      } else {
        nemesis.push(lone(record));
      }
      continue;
    }
    if (record.type === 'invoke') {
      if (open.has(record.process)) {
        warnings.push(`process ${record.process} invoked record ${record.index} before its previous operation completed`);
      }
      open.set(record.process, { record, slot: ops.length });
      ops.push(pending(record));
      continue;
    }
    const started = open.get(record.process);
    if (started === undefined) {
      orphans += 1;
      continue;
    }
    open.delete(record.process);
    ops[started.slot] = {
      f: started.record.f,
      process: record.process,
      invokeNs: started.record.time,
      completeNs: record.time,
      outcome: record.type,
    };
  }
  if (nemesisInvoke !== null) nemesis.push(lone(nemesisInvoke));
  if (orphans > 0) warnings.push(`${orphans} completion record(s) without an invocation were ignored`);
  return { ops, nemesis, warnings };
}

function lone(record: OpRecord): NemesisAction {
  return { index: record.index, f: record.f, value: record.value, outcome: null, timeNs: record.time };
}
