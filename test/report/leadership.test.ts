import { describe, expect, it } from 'vitest';
import { leadership } from '../../src/report/leadership.js';
import { faultEvents } from '../../src/report/fault-windows.js';
import { boot, follower, leader, nemesis, term } from './helpers/history.js';

const ms = 1e6;
const inMs = (l: { node: number; term?: number; fromNs: number; toNs: number }) => [l.node, l.term, l.fromNs / ms, l.toNs / ms];

describe('leadership', () => {
  it('gives one interval per term led, ending at the step-down, a newer term, or the run\u2019s end', () => {
    const events = [
      boot(1, 0), boot(2, 0),
      leader(1, 10, 1),
      term(1, 50, 2), // n1 sees term 2 while still believing it leads
      leader(2, 55, 2),
      follower(2, 80, 3, null),
      leader(1, 90, 3),
    ];
    const l = leadership(events, [], 200 * ms);
    expect(l.leaders.map(inMs)).toEqual([
      [1, 1, 10, 50],
      [2, 2, 55, 80],
      [1, 3, 90, 200],
    ]);
    expect(l.leaders.map((x) => x.endedBy)).toEqual(['newer-term', 'stepped-down', 'run-end']);
    expect(l.restarts).toEqual([]);
  });

  it('ends a killed leader\u2019s interval at the kill and marks the node down until it boots again', () => {
    const faults = faultEvents([...nemesis('kill', 40, 'leader', { nodes: [1] }), ...nemesis('restart', 70, 'all-dead', { nodes: [1] })]);
    const events = [boot(1, 0), leader(1, 10, 1), boot(1, 72), follower(1, 73, 1)];
    const l = leadership(events, faults, 100 * ms);
    expect(l.leaders.map(inMs)).toEqual([[1, 1, 10, 41]]);
    expect(l.leaders[0]!.endedBy).toBe('crashed');
    expect(l.down.map((d) => [d.node, d.fromNs / ms, d.toNs / ms, d.approximate])).toEqual([[1, 41, 72, false]]);
    expect(l.restarts).toEqual([{ node: 1, timeNs: 72 * ms }]);
  });

  it('without a recorded kill, infers the crash from the last event before the reboot', () => {
    const events = [boot(3, 0), leader(3, 5, 4), term(3, 20, 4), boot(3, 60)];
    const l = leadership(events, [], 100 * ms);
    expect(l.leaders.map(inMs)).toEqual([[3, 4, 5, 20]]);
    expect(l.down.map((d) => [d.node, d.fromNs / ms, d.toNs / ms, d.approximate])).toEqual([[3, 20, 60, true]]);
  });

  it('a leader killed and never restarted stops leading at the kill; the node stays down to the end', () => {
    const faults = faultEvents(nemesis('kill', 30, 'one', [2]));
    const l = leadership([boot(2, 0), leader(2, 10, 1)], faults, 90 * ms);
    expect(l.leaders.map(inMs)).toEqual([[2, 1, 10, 31]]);
    expect(l.down.map((d) => [d.node, d.fromNs / ms, d.toNs / ms])).toEqual([[2, 31, 90]]);
  });

  it('cuts a leader\u2019s interval at a recorded kill even when a later record would end it', () => {
    const faults = faultEvents(nemesis('kill', 30, 'one', [2]));
    const l = leadership([leader(2, 10, 1), term(2, 45, 2), boot(2, 60)], faults, 90 * ms);
    expect(l.leaders.map(inMs)).toEqual([[2, 1, 10, 31]]);
    expect(l.leaders[0]!.endedBy).toBe('crashed');
  });

  it('marks paused nodes from pause to resume (or the run\u2019s end)', () => {
    const faults = faultEvents([...nemesis('pause', 10, 'one', { nodes: [2] }), ...nemesis('resume', 30, 'all-paused'), ...nemesis('pause', 50, 'one', [4])]);
    const l = leadership([], faults, 80 * ms);
    expect(l.paused.map((p) => [p.node, p.fromNs / ms, p.toNs / ms])).toEqual([
      [2, 11, 31],
      [4, 51, 80],
    ]);
  });

  it('a repeated leader record for the same term keeps one interval', () => {
    const l = leadership([leader(1, 10, 2), leader(1, 20, 2), follower(1, 30, 3)], [], 50 * ms);
    expect(l.leaders.map(inMs)).toEqual([[1, 2, 10, 30]]);
  });
});
