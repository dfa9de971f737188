// A failing partition's counterexample as data: the longest linearizable prefix the search found,
// the model state after it, the operations that could not be placed there, and the operation whose
// return forced the search back.
import type { LinearizationSearch } from './search.js';
import { ILLEGAL } from './state-table.js';
import type { DescribedOperation, LinearizationStep, Model, Operation, PartitionCounterexample } from './types.js';

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
  // The pending operation that returns first must come next; candidates are those called by then.
  let blocking = -1;
  for (let i = 0; i < ops.length; i++) {
    if (placed[i]) continue;
    if (blocking === -1 || ops[i]!.return < ops[blocking]!.return) blocking = i;
  }
  const couldNotPlace: number[] = [];
  if (blocking !== -1) {
    const deadline = ops[blocking]!.return;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i] || ops[i]!.call > deadline) continue;
      if (table.step(state, i) === ILLEGAL) couldNotPlace.push(ops[i]!.id);
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
