import { describe, expect, it } from 'vitest';
import { classifyFault, describeGrudge, faultWindows, nodesIn } from '../../src/report/fault-windows.js';
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

describe('describeGrudge', () => {
  it('shows the groups of a clean split, each node\u2019s cuts otherwise', () => {
    expect(describeGrudge({ 1: [2, 3, 4, 5], 2: [1], 3: [1], 4: [1], 5: [1] })).toBe('n1 | n2 n3 n4 n5');
    expect(describeGrudge({ 1: [4, 5], 2: [4, 5], 3: [4, 5], 4: [1, 2, 3], 5: [1, 2, 3] })).toBe('n1 n2 n3 | n4 n5');
    // a majorities ring: n1 hears n2, n5; n2 hears n1, n3; ... no clean groups
    expect(describeGrudge({ 1: [3, 4], 2: [4, 5], 3: [5, 1], 4: [1, 2], 5: [2, 3] })).toBe('n1\u2717n3,n4 n2\u2717n4,n5 n3\u2717n5,n1 n4\u2717n1,n2 n5\u2717n2,n3');
    expect(describeGrudge({ 1: [], 2: [] })).toBe('healed');
  });
  it('shows a one-way cut as the cuts, never as groups that cannot talk', () => {
    // n1 hears nobody, everybody hears n1 (one-way-leader)
    expect(describeGrudge({ 1: [2, 3] })).toBe('n1\u2717n2,n3');
    // nobody hears n3 (mute-one)
    expect(describeGrudge({ 1: [3], 2: [3] })).toBe('n1\u2717n3 n2\u2717n3');
  });
  it('is what a partition window shows, after the requested shape', () => {
    const ws = faultWindows([...nemesis('start-partition', 1, 'isolate-leader', { kind: 'partition', grudge: { 1: [2, 3], 2: [1], 3: [1] } }), ...nemesis('stop-partition', 5, null, { kind: 'partition', grudge: {} })], 10 * ms);
    expect(ws[0]!.detail).toBe('isolate-leader: n1 | n2 n3');
    expect(ws[0]!.nodes).toEqual([]);
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
