// A failing partition's counterexample as data: the longest linearizable prefix the search found,
// the model state after it, the operations that could not be placed there, and the operation that
// stopped the search (a read nothing pending can satisfy, or the one that had to come next).
import type { LinearizationSearch } from './search.js';
import { ILLEGAL } from './state-table.js';
import type { DescribedOperation, LinearizationStep, Model, Operation, PartitionCounterexample } from './types.js';

/** How many pending reads (in return order) are examined for the explanation. */
const LOOKAHEAD_READS = 16;

export function buildCounterexample<S>(
  ops: readonly Operation[],
  model: Model<S>,
  search: LinearizationSearch<S>,
): PartitionCounterexample {
  const table = search.states;
  const prefix: LinearizationStep[] = [];
  const placed = new Uint8Array(ops.length);
  let state = search.initialStateId;
  for (const local of search.longestPrefix()) {
    state = table.step(state, local);
    placed[local] = 1;
    prefix.push({ op: ops[local]!.id, stateAfter: model.describeState(table.states[state]!) });
  }
  // A pending read that no pending operation called before its return can satisfy (the search's
  // look-ahead, see search.ts) is the operation that could not be placed; otherwise it is the
  // pending operation that returns first, which had to come next.
  const pending = ops.map((_, i) => i).filter((i) => !placed[i]);
  const isOkRead = (i: number): boolean => ops[i]!.outcome === 'ok' && model.readOnly?.(ops[i]!) === true;
  let blocking = -1;
  if (model.reachable) {
    const reads = pending.filter(isOkRead).sort((a, b) => ops[a]!.return - ops[b]!.return).slice(0, LOOKAHEAD_READS);
    for (const g of reads) {
      if (table.step(state, g) !== ILLEGAL) continue;
      const before = pending.filter((i) => ops[i]!.call <= ops[g]!.return).map((i) => ops[i]!);
      if (!model.reachable(table.states[state]!, ops[g]!, before)) {
        blocking = g;
        break;
      }
    }
  }
  const unreachable = blocking !== -1;
  if (!unreachable) for (const i of pending) if (blocking === -1 || ops[i]!.return < ops[blocking]!.return) blocking = i;
  const couldNotPlace: number[] = [];
  if (blocking !== -1) {
    const deadline = ops[blocking]!.return;
    for (const i of pending) {
      if (ops[i]!.call > deadline) continue;
      if (table.step(state, i) === ILLEGAL && (i === blocking || !unreachable)) couldNotPlace.push(ops[i]!.id);
    }
  }
  const start = ops.reduce((m, op) => Math.min(m, op.call), Infinity);
  const operations: DescribedOperation[] = [...ops]
    .sort((a, b) => a.call - b.call || a.id - b.id)
    .map((op) => ({
      id: op.id,
      process: op.process,
      call: op.call - start,
      return: Number.isFinite(op.return) ? op.return - start : null,
      text: model.describeOperation(op),
    }));
  return {
    key: ops[0]?.key ?? null,
    model: model.name,
    operations,
    longestPrefix: prefix,
    stateAtFailure: model.describeState(table.states[state]!),
    couldNotPlace,
    blockingOp: blocking === -1 ? null : ops[blocking]!.id,
  };
}
