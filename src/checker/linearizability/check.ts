// Checking a whole history: split it into independent partitions (P-compositionality), search them
// within one shared time budget, combine the verdicts (any false -> false; else any unknown ->
// unknown), and build counterexamples for the failing partitions.
//
// The partitions of one thread are searched round-robin with growing step budgets, so that one
// failing partition is found without first finishing (or timing out on) a hard valid one. By
// default the check stops at the first failing partition, as Porcupine does; the others are then
// reported 'unknown' with `skipped: true`. `allPartitions` checks every one.
import { buildCounterexample } from './counterexample.js';
import { modelByName, MODEL_NAMES } from '../models/index.js';
import { LinearizationSearch } from './search.js';
import type { CheckOptions, CheckResult, Model, NilReadRule, Operation, PartitionCounterexample, PartitionResult, Valid } from '../types.js';

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

/**
 * Under the 'any' nil-read rule, the operations with their reads of nil relaxed (Model.withoutNilReads)
 * and the count of those dropped or reduced; otherwise `ops` unchanged.
 */
export function relaxNilReads(ops: readonly Operation[], model: Model<any>, options: CheckOptions = {}): { ops: readonly Operation[]; relaxed: number } {
  const relax = model.withoutNilReads;
  if (options.nilRead !== 'any' || relax === undefined) return { ops, relaxed: 0 };
  const out: Operation[] = [];
  let relaxed = 0;
  for (const op of ops) {
    const r = op.outcome === 'ok' ? relax(op) : op;
    if (r !== op) relaxed++;
    if (r !== null) out.push(r);
  }
  return { ops: out, relaxed };
}

/** Split (unless told not to) and drop read-only operations of unknown outcome. */
export function preparePartitions(ops: readonly Operation[], model: Model<any>, options: CheckOptions = {}): Operation[][] {
  const useful = model.readOnly ? ops.filter((op) => !(op.outcome === 'unknown' && model.readOnly!(op))) : [...ops];
  const parts = options.partition !== false && model.partition ? model.partition(useful) : [useful];
  return parts.filter((p) => p.length > 0);
}

const FIRST_BUDGET = 20_000;

/**
 * The partitions of one thread, searched round-robin with doubling step budgets until each has a
 * verdict, or one fails (unless `allPartitions`), or time runs out. Resumable: `runUntil` may be
 * called again with a later instant.
 */
export class PartitionChecker {
  private readonly searches: LinearizationSearch<any>[];
  private readonly ms: Float64Array;
  private open: number[];
  private budget = FIRST_BUDGET;
  private failed = false;

  constructor(
    private readonly parts: readonly (readonly Operation[])[],
    private readonly model: Model<any>,
    private readonly options: CheckOptions,
  ) {
    this.searches = parts.map((p) => new LinearizationSearch(p, model, model.init(options.initial)));
    this.ms = new Float64Array(parts.length);
    this.open = this.searches.map((_, i) => i);
  }

  /** True when there is nothing left to do (every verdict known, or a failure found). */
  get done(): boolean {
    return this.failed || this.open.length === 0;
  }

  /** Indices of the partitions without a verdict yet. */
  get unfinished(): readonly number[] {
    return this.open;
  }

  /** Search until done or until `until` (a performance.now() instant). Returns `done`. */
  runUntil(until: number): boolean {
    while (!this.done && performance.now() <= until) {
      const stillOpen: number[] = [];
      for (let j = 0; j < this.open.length; j++) {
        const i = this.open[j]!;
        if (this.failed || performance.now() > until) {
          stillOpen.push(i);
          continue;
        }
        const started = performance.now();
        const v = this.searches[i]!.run(this.budget, until);
        this.ms[i]! += performance.now() - started;
        if (v === 'running') stillOpen.push(i);
        else if (v === 'not-linearizable' && this.options.allPartitions !== true) this.failed = true;
      }
      this.open = stillOpen;
      this.budget *= 2;
    }
    return this.done;
  }

  /** One outcome per partition; unfinished ones are 'unknown' (and `skipped` after a failure). */
  outcomes(): PartitionOutcome[] {
    return this.searches.map((s, i) => {
      const key = this.parts[i]![0]?.key ?? null;
      const valid: Valid = s.verdict === 'linearizable' ? true : s.verdict === 'not-linearizable' ? false : 'unknown';
      const skipped = s.verdict === 'running' && this.failed;
      const counterexample =
        valid === false && this.options.counterexample !== false ? buildCounterexample(this.parts[i]!, this.model, s) : undefined;
      return {
        key,
        valid,
        operations: this.parts[i]!.length,
        ms: this.ms[i]!,
        ...(skipped ? { skipped } : {}),
        ...(counterexample ? { counterexample } : {}),
      };
    });
  }
}

/** Check `parts` in this thread until done or `deadline` (a performance.now() instant). */
export function checkPartitionsInThread(
  parts: readonly (readonly Operation[])[],
  model: Model<any>,
  options: CheckOptions,
  deadline: number,
): PartitionOutcome[] {
  const checker = new PartitionChecker(parts, model, options);
  checker.runUntil(deadline);
  return checker.outcomes();
}

/** Combine partition outcomes into one result. */
export function combine(
  outcomes: readonly PartitionOutcome[],
  model: Model<any>,
  operations: number,
  ms: number,
  mode: CheckResult['mode'],
  nil: { readonly rule: NilReadRule; readonly relaxed: number } = { rule: 'absent', relaxed: 0 },
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
    nilRead: nil.rule,
    nilReadsRelaxed: nil.relaxed,
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
  const relaxed = relaxNilReads(ops, m, options);
  const parts = preparePartitions(relaxed.ops, m, options);
  const outcomes = checkPartitionsInThread(parts, m, options, deadline);
  return combine(outcomes, m, ops.length, performance.now() - started, 'in-process', { rule: options.nilRead ?? 'absent', relaxed: relaxed.relaxed });
}
