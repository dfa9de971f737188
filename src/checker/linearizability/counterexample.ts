// A failing partition's counterexample as data: the longest linearizable prefix the search found,
// the model state after it, the operations that could not be placed there, and the operation that
// stopped the search (a read nothing pending can satisfy, or the one that had to come next).
import type { LinearizationSearch } from './search.js';
import { ILLEGAL } from './state-table.js';
import { ednText } from '../readers/edn-convert.js';
import type { DescribedOperation, KnossosOp, LinearizationStep, Model, Operation, PartitionCounterexample } from '../types.js';

/** `op` as Knossos names it. */
export function knossosOp(op: Operation): KnossosOp {
  const type = op.outcome === 'ok' ? 'ok' : 'info';
  const value = ednText(op.outcome === 'ok' ? op.output : op.input);
  const process = typeof op.process === 'number' ? String(op.process) : ednText(op.process);
  const index = op.index ?? null;
  return {
    id: op.id,
    process: op.process,
    type,
    f: op.f,
    value,
    index,
    edn: `{:process ${process}, :type :${type}, :f :${op.f}, :value ${value}${index !== null ? `, :index ${index}` : ''}}`,
  };
}

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
  // Knossos's :op is the first ok operation, in completion order, past the furthest its search got
  // linearizing ok operations in that order. Here: after the longest prefix, the pending ok
  // operations are placed greedily in completion order (an order real time always allows); the
  // first that is impossible is the one named. Failing that, the pending ok one completing first.
  const okPending = pending
    .filter((i) => ops[i]!.outcome === 'ok')
    .sort((a, b) => ops[a]!.return - ops[b]!.return || ops[a]!.id - ops[b]!.id);
  let failing = okPending[0] ?? -1;
  let greedy = state;
  for (const i of okPending) {
    const next = table.step(greedy, i);
    if (next === ILLEGAL) {
      failing = i;
      break;
    }
    greedy = next;
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
    failingOp: failing === -1 ? null : knossosOp(ops[failing]!),
  };
}
