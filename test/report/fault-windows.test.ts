import { describe, expect, it } from 'vitest';
import { classifyFault, faultWindows, nodesIn } from '../../src/report/fault-windows.js';
import { nemesis, rec } from './helpers/history.js';

const ms = 1e6;

describe('faultWindows', () => {
  it('opens and closes one window per family, timed when each action completed', () => {
    const history = [
      ...nemesis('start-partition', 100, 'majorities-ring'),
      ...nemesis('kill', 150, 'one', { nodes: [3] }),
      ...nemesis('stop-partition', 300),
      ...nemesis('restart', 400, 'all-dead', { nodes: [3] }),
    ];
    const ws = faultWindows(history, 1000 * ms);
    expect(ws.map((w) => [w.family, w.fromNs / ms, w.toNs / ms, w.nodes, w.open])).toEqual([
      ['partition', 101, 301, [], false],
      ['crash', 151, 401, [3], false],
    ]);
    expect(ws[0]!.detail).toBe('majorities-ring');
  });

  it('widens a window when the same family strikes again, and heal-all closes everything', () => {
    const history = [
      ...nemesis('pause', 10, 'one', [1]),
      ...nemesis('pause', 20, 'one', [4]),
      ...nemesis('start-clock', 30, { kind: 'bump', targets: 'one', offsetMs: 100 }),
      ...nemesis('heal-all', 50),
    ];
    const ws = faultWindows(history, 100 * ms);
    expect(ws.map((w) => [w.family, w.fromNs / ms, w.toNs / ms, w.nodes])).toEqual([
      ['pause', 11, 51, [1, 4]],
      ['clock', 31, 51, []],
    ]);
  });

  it('closes a window still open at the end of the run at the run\u2019s end, marked open', () => {
    const ws = faultWindows(nemesis('start-partition', 10, 'bridge'), 77 * ms);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ family: 'partition', toNs: 77 * ms, open: true });
  });

  it('takes an unknown start-X / stop-X pair as family X and ignores client records', () => {
    const history = [rec('invoke', 1, 'read', 0), ...nemesis('start-disk', 5), ...nemesis('stop-disk', 9)];
    expect(faultWindows(history, 10 * ms).map((w) => w.family)).toEqual(['disk']);
  });

  it('keeps the invocation time of an action whose completion never came', () => {
    const ws = faultWindows([rec('invoke', 'nemesis', 'start-partition', 5), ...nemesis('stop-partition', 8)], 10 * ms);
    expect(ws[0]!.fromNs).toBe(5 * ms);
  });
});

describe('classifyFault and nodesIn', () => {
  it('maps the FaultOp names of src/plugins.ts', () => {
    expect(classifyFault('kill')).toEqual({ kind: 'open', family: 'crash' });
    expect(classifyFault('resume')).toEqual({ kind: 'close', family: 'pause' });
    expect(classifyFault('heal-all')).toEqual({ kind: 'close-all' });
    expect(classifyFault('stop-clock')).toEqual({ kind: 'close', family: 'clock' });
    expect(classifyFault('noop')).toEqual({ kind: 'none' });
  });
  it('finds node ids in the shapes a nemesis may record', () => {
    expect(nodesIn([3, 1])).toEqual([1, 3]);
    expect(nodesIn({ nodes: [2] })).toEqual([2]);
    expect(nodesIn({ n1: 'killed', n5: 'killed' })).toEqual([1, 5]);
    expect(nodesIn(['n2', 'n4'])).toEqual([2, 4]);
    expect(nodesIn('minority')).toEqual([]);
    expect(nodesIn({ kind: 'bump', offsetMs: 250 })).toEqual([]);
  });
});
