import { describe, expect, it } from 'vitest';
import { assignLanes, describeValue, pairOperations } from '../../src/report/ops.js';
import { rec } from './helpers/history.js';

describe('pairOperations', () => {
  it('pairs each invocation with its completion and keeps the outcome, error and node', () => {
    const ops = pairOperations([
      rec('invoke', 0, 'write', 0, { value: 3 }),
      rec('invoke', 1, 'read', 1),
      rec('ok', 1, 'read', 4, { value: 3, node: 2 }),
      rec('fail', 0, 'write', 5, { value: 3, error: 'not-leader' }),
      rec('invoke', 'nemesis', 'start-partition', 5),
    ]);
    expect(ops).toHaveLength(2);
    expect(ops[0]).toMatchObject({ process: 0, f: 'write', startNs: 0, endNs: 5e6, outcome: 'fail', error: 'not-leader', invokeValue: 3 });
    expect(ops[1]).toMatchObject({ process: 1, f: 'read', startNs: 1e6, endNs: 4e6, outcome: 'ok', resultValue: 3, node: 2 });
  });

  it('treats an operation the run ended on, or one followed by another invoke, as info with no end', () => {
    const ops = pairOperations([rec('invoke', 0, 'read', 0), rec('invoke', 0, 'write', 2), rec('invoke', 1, 'read', 3)]);
    expect(ops.map((o) => [o.process, o.f, o.outcome, o.endNs])).toEqual([
      [0, 'read', 'info', null],
      [0, 'write', 'info', null],
      [1, 'read', 'info', null],
    ]);
  });

  it('ignores a completion with no invocation', () => {
    expect(pairOperations([rec('ok', 4, 'read', 1)])).toEqual([]);
  });
});

describe('assignLanes', () => {
  it('puts a retired process and its successor in one lane, and concurrent processes in separate lanes', () => {
    const ops = pairOperations([
      rec('invoke', 0, 'read', 0),
      rec('invoke', 1, 'read', 0),
      rec('info', 0, 'read', 10),
      rec('ok', 1, 'read', 2),
      rec('invoke', 2, 'read', 11), // process 2 replaces retired process 0
      rec('ok', 2, 'read', 12),
      rec('invoke', 1, 'write', 12),
      rec('ok', 1, 'write', 13),
    ]);
    const { laneOf, lanes } = assignLanes(ops, 20e6);
    expect(lanes).toHaveLength(2);
    expect(laneOf.get(0)).toBe(laneOf.get(2));
    expect(laneOf.get(1)).not.toBe(laneOf.get(0));
    expect(lanes[laneOf.get(0)!]).toEqual([0, 2]);
  });

  it('never shares a lane between processes whose lifetimes overlap', () => {
    const history = [];
    for (let p = 0; p < 6; p++) history.push(rec('invoke', p, 'read', p), rec('ok', p, 'read', 100 + p));
    const { lanes } = assignLanes(pairOperations(history), 200e6);
    expect(lanes).toHaveLength(6);
  });
});

describe('describeValue', () => {
  it('writes cas pairs as from→to, null as nil, and cuts long values', () => {
    expect(describeValue([1, 2])).toBe('1\u21922');
    expect(describeValue(null)).toBe('nil');
    expect(describeValue('x'.repeat(60))).toHaveLength(41);
  });
});
