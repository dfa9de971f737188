// The asynchronous entry points: like checkOperationsSync, but large histories of a built-in model
// are checked on worker threads (see parallel.ts); and checkHistory for raw history.jsonl records.
import type { OpRecord } from '../../history/types.js';
import { PartitionChecker, checkOperationsSync, combine, preparePartitions, relaxNilReads, resolveModel, type PartitionOutcome } from './check.js';
import { modelByName } from '../models/index.js';
import { autoWorkerCount, checkPartitionsOnWorkers } from './parallel.js';
import { pairRecords, type HistoryRecord } from '../readers/pair.js';
import type { CheckOptions, CheckResult, Model, Operation } from '../types.js';

/** With `workers: 'auto'`, how long partitions are searched in-process before workers are used. */
export const IN_PROCESS_SLICE_MS = 300;

/**
 * Check `ops` against `model` (a Model or a built-in model's name).
 *
 * Workers (`options.workers`): a number n > 0 deals the partitions to up to n worker threads at
 * once; 0 checks in-process. 'auto' (the default) searches in-process first, and only when that has
 * not finished after IN_PROCESS_SLICE_MS and at least two partitions of a built-in model are still
 * open does it hand those to workers (measured: starting a worker costs tens of milliseconds, more
 * from TypeScript source, and a healthy 100,000-operation history checks in-process in well under
 * a second). Whenever no worker can be started, checking continues in-process.
 */
export async function checkOperations(
  ops: readonly Operation[],
  model: Model<any> | string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const started = performance.now();
  const m = resolveModel(model);
  const builtIn = modelByName(m.name) === m;
  const deadline = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs;
  const relaxed = relaxNilReads(ops, m, options);
  const parts = preparePartitions(relaxed.ops, m, options);
  const wanted = options.workers ?? 'auto';
  const nil = { rule: options.nilRead ?? 'absent', relaxed: relaxed.relaxed } as const;
  const finish = (outcomes: PartitionOutcome[], mode: CheckResult['mode']): CheckResult =>
    combine(outcomes, m, ops.length, performance.now() - started, mode, nil);

  if (builtIn && typeof wanted === 'number' && wanted > 0 && parts.length > 0) {
    const outcomes = await checkPartitionsOnWorkers(parts, m.name, options, deadline, Math.min(wanted, parts.length));
    if (outcomes !== null) return finish(outcomes, 'workers');
  }
  const checker = new PartitionChecker(parts, m, options);
  if (builtIn && wanted === 'auto') {
    if (checker.runUntil(Math.min(deadline, performance.now() + IN_PROCESS_SLICE_MS))) return finish(checker.outcomes(), 'in-process');
    const open = checker.unfinished;
    const count = autoWorkerCount(open.length);
    if (count >= 2 && performance.now() < deadline) {
      const remote = await checkPartitionsOnWorkers(open.map((i) => parts[i]!), m.name, options, deadline, count);
      if (remote !== null) {
        const outcomes = checker.outcomes();
        open.forEach((i, j) => (outcomes[i] = remote[j]!));
        return finish(outcomes, 'workers');
      }
    }
  }
  checker.runUntil(deadline);
  return finish(checker.outcomes(), 'in-process');
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
      ...(r.error !== undefined ? { error: r.error } : {}),
    });
  }
  return pairRecords(client, { file, fail: 'cas-mismatch-false' });
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
