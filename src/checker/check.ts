// Checking a whole history: split it into independent partitions (P-compositionality), search them
// within one shared time budget, combine the verdicts (any false -> false; else any unknown ->
// unknown), and build counterexamples for the failing partitions.
//
// The partitions of one thread are searched round-robin with growing step budgets, so that one
// failing partition is found without first finishing (or timing out on) a hard valid one. By
// default the check stops at the first failing partition, as Porcupine does; the others are then
// reported 'unknown' with `skipped: true`. `allPartitions` checks every one.
import { buildCounterexample } from './counterexample.js';
import { modelByName, MODEL_NAMES } from './models/index.js';
import { LinearizationSearch } from './search.js';
import type { CheckOptions, CheckResult, Model, Operation, PartitionCounterexample, PartitionResult, Valid } from './types.js';

/** The result of one partition, as computed in-process or by a worker. */
export interface PartitionOutcome extends PartitionResult {
  readonly counterexample?: PartitionCounterexample;
}

/** Resolve a model given by name or by value; throws naming the accepted names. */
export function resolveModel(model: Model<any> | string): Model<any> {
  if (typeof model !== 'string') return model;
  const m = modelByName(model);
  if (m === undefined) throw new Error(`unknown model '${model}'; accepted: ${MODEL_NAMES.join(', ')}`);
  return m;
}

/** Split (unless told not to) and drop read-only operations of unknown outcome. */
export function preparePartitions(ops: readonly Operation[], model: Model<any>, options: CheckOptions = {}): Operation[][] {
  const useful = model.readOnly ? ops.filter((op) => !(op.outcome === 'unknown' && model.readOnly!(op))) : [...ops];
  const parts = options.partition !== false && model.partition ? model.partition(useful) : [useful];
  return parts.filter((p) => p.length > 0);
}

const FIRST_BUDGET = 20_000;

/**
 * Search `parts` in this thread, round-robin with doubling step budgets, until each has a verdict,
 * or one fails (unless `allPartitions`), or `deadline` (a performance.now() instant) passes.
 */
export function checkPartitionsInThread(
  parts: readonly (readonly Operation[])[],
  model: Model<any>,
  options: CheckOptions,
  deadline: number,
): PartitionOutcome[] {
  const searches = parts.map((p) => new LinearizationSearch(p, model, model.init(options.initial)));
  const ms = new Float64Array(parts.length);
  let open = searches.map((_, i) => i);
  let budget = FIRST_BUDGET;
  let failed = false;
  while (open.length > 0 && !failed && performance.now() <= deadline) {
    const stillOpen: number[] = [];
    for (const i of open) {
      const started = performance.now();
      const v = searches[i]!.run(budget, deadline);
      ms[i]! += performance.now() - started;
      if (v === 'running') stillOpen.push(i);
      else if (v === 'not-linearizable' && options.allPartitions !== true) {
        failed = true;
        break;
      }
    }
    open = stillOpen;
    budget *= 2;
  }
  return searches.map((s, i) => {
    const key = parts[i]![0]?.key ?? null;
    const valid: Valid = s.verdict === 'linearizable' ? true : s.verdict === 'not-linearizable' ? false : 'unknown';
    const skipped = s.verdict === 'running' && failed;
    const counterexample =
      valid === false && options.counterexample !== false ? buildCounterexample(parts[i]!, model, s) : undefined;
    return {
      key,
      valid,
      operations: parts[i]!.length,
      ms: ms[i]!,
      ...(skipped ? { skipped } : {}),
      ...(counterexample ? { counterexample } : {}),
    };
  });
}

/** Combine partition outcomes into one result. */
export function combine(
  outcomes: readonly PartitionOutcome[],
  model: Model<any>,
  operations: number,
  ms: number,
  mode: CheckResult['mode'],
): CheckResult {
  let valid: Valid = true;
  for (const o of outcomes) {
    if (o.valid === false) valid = false;
    else if (o.valid === 'unknown' && valid === true) valid = 'unknown';
  }
  const partitions: PartitionResult[] = outcomes.map(({ counterexample: _, ...rest }) => rest);
  const counterexample = outcomes.flatMap((o) => (o.counterexample ? [o.counterexample] : []));
  return {
    valid,
    ms,
    model: model.name,
    operations,
    partitions,
    ...(counterexample.length > 0 ? { counterexample } : {}),
    mode,
  };
}

/** Check `ops` against `model` in this thread (no workers). */
export function checkOperationsSync(ops: readonly Operation[], model: Model<any> | string, options: CheckOptions = {}): CheckResult {
  const started = performance.now();
  const m = resolveModel(model);
  const deadline = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs;
  const parts = preparePartitions(ops, m, options);
  const outcomes = checkPartitionsInThread(parts, m, options, deadline);
  return combine(outcomes, m, ops.length, performance.now() - started, 'in-process');
}
