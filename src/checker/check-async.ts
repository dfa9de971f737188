// The asynchronous entry points: like checkOperationsSync, but large histories of a built-in model
// are checked on worker threads (see parallel.ts); and checkHistory for raw history.jsonl records.
import type { OpRecord } from '../history/types.js';
import { checkOperationsSync, checkPartitionsInThread, combine, preparePartitions, resolveModel } from './check.js';
import { modelByName } from './models/index.js';
import { autoWorkerCount, checkPartitionsOnWorkers } from './parallel.js';
import { pairRecords, type HistoryRecord } from './readers/pair.js';
import type { CheckOptions, CheckResult, Model, Operation } from './types.js';

/**
 * Check `ops` against `model` (a Model or a built-in model's name). Uses worker threads when
 * `options.workers` asks for them, or, by default ('auto'), when the history is large enough to pay
 * off; falls back to checking in-process whenever workers cannot be used.
 */
export async function checkOperations(
  ops: readonly Operation[],
  model: Model<any> | string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const started = performance.now();
  const m = resolveModel(model);
  const builtIn = modelByName(m.name) === m;
  const parts = preparePartitions(ops, m, options);
  const wanted = options.workers ?? 'auto';
  const count = !builtIn ? 0 : wanted === 'auto' ? autoWorkerCount(parts) : Math.min(wanted, parts.length);
  if (count >= 1) {
    const deadline = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs;
    const outcomes = await checkPartitionsOnWorkers(parts, m.name, options, deadline, count);
    if (outcomes !== null) return combine(outcomes, m, ops.length, performance.now() - started, 'workers');
    const rest = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs;
    return combine(checkPartitionsInThread(parts, m, options, rest), m, ops.length, performance.now() - started, 'in-process');
  }
  return checkOperationsSync(ops, m, options);
}

/** Operations from history.jsonl records (src/history/types.ts), nemesis records skipped. */
export function operationsFromRecords(records: readonly OpRecord[], file = 'history'): Operation[] {
  const client: HistoryRecord[] = [];
  for (const r of records) {
    if (r.process === 'nemesis') continue;
    client.push({
      type: r.type,
      process: r.process,
      f: r.f,
      value: r.value ?? null,
      time: r.time,
      line: r.index + 1,
      ...(r.key !== undefined ? { key: r.key } : {}),
    });
  }
  return pairRecords(client, { file, fail: 'drop' });
}

/** Check in-memory history.jsonl records; the model defaults to cas-register (per key). */
export async function checkHistory(
  records: readonly OpRecord[],
  options: CheckOptions & { readonly model?: Model<any> | string } = {},
): Promise<CheckResult> {
  return checkOperations(operationsFromRecords(records), options.model ?? 'cas-register', options);
}

/** checkHistory in this thread, synchronously (for the simulator). */
export function checkHistorySync(
  records: readonly OpRecord[],
  options: CheckOptions & { readonly model?: Model<any> | string } = {},
): CheckResult {
  return checkOperationsSync(operationsFromRecords(records), options.model ?? 'cas-register', options);
}
