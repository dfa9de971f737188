import { describe, expect, it } from 'vitest';
import type { Timers } from '../../src/node/clock.js';
import { NodeClock, TickLoop, TickSchedule } from '../../src/node/clock.js';

/** A hand-driven real clock and timer queue. */
class FakeTime implements Timers {
  nowMs = 1000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.nowMs + delayMs, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Advance true time to `untilMs`, firing timers in order. */
  advanceTo(untilMs: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > untilMs) break;
      this.timers.shift();
      this.nowMs = Math.max(this.nowMs, next.at);
      next.callback();
    }
    this.nowMs = untilMs;
  }
}

describe('NodeClock', () => {
  it('reads true time until set, then true time + offset, running at rate', () => {
    const time = new FakeTime();
    const clock = new NodeClock(() => time.nowMs);
    expect(clock.nowMs()).toBe(1000);
    time.nowMs = 1100;
    expect(clock.nowMs()).toBe(1100);
    clock.set(500, 2);
    expect(clock.nowMs()).toBe(1600);
    expect(clock.offsetMs).toBe(500);
    time.nowMs = 1200;
    expect(clock.nowMs()).toBe(1800); // 100 true ms = 200 node ms
    expect(clock.offsetMs).toBe(600);
    expect(clock.realDurationMs(200)).toBe(100);
  });

  it('rejects a bad rate or offset, naming the value', () => {
    const clock = new NodeClock(() => 0);
    expect(() => clock.set(0, 0)).toThrow(/rate .* got 0/);
    expect(() => clock.set(0, -1)).toThrow(/got -1/);
    expect(() => clock.set(Number.NaN, 1)).toThrow(/offsetMs .* got NaN/);
  });
});

describe('TickSchedule', () => {
  it('ticks once per tickMs and carries the remainder', () => {
    const schedule = new TickSchedule(10, 50, 0);
    expect(schedule.due(9)).toBe(0);
    expect(schedule.due(10)).toBe(1);
    expect(schedule.due(35)).toBe(2);
    expect(schedule.untilNextMs(35)).toBe(5);
    expect(schedule.due(40)).toBe(1);
  });

  it('caps catch-up ticks after a forward jump and skips the excess', () => {
    const schedule = new TickSchedule(10, 20, 0);
    expect(schedule.due(10_000)).toBe(20);
    expect(schedule.due(10_005)).toBe(0);
    expect(schedule.due(10_010)).toBe(1);
  });

  it('pauses after a backward jump until the clock catches up', () => {
    const schedule = new TickSchedule(10, 20, 0);
    expect(schedule.due(100)).toBe(10);
    expect(schedule.due(50)).toBe(0);
    expect(schedule.untilNextMs(50)).toBe(60);
    expect(schedule.due(105)).toBe(0);
    expect(schedule.due(110)).toBe(1);
  });
});

describe('TickLoop', () => {
  function setup(tickMs = 10, cap = 40) {
    const time = new FakeTime();
    const clock = new NodeClock(() => time.nowMs);
    let ticks = 0;
    const loop = new TickLoop(clock, tickMs, cap, (n) => (ticks += n), time);
    loop.start();
    return { time, clock, loop, ticks: () => ticks };
  }

  it('ticks once per tickMs of true time at rate 1', () => {
    const { time, ticks, loop } = setup();
    time.advanceTo(2000);
    expect(ticks()).toBe(100);
    loop.stop();
    time.advanceTo(3000);
    expect(ticks()).toBe(100);
  });

  it('ticks twice as fast at rate 2 and half as fast at rate 0.5', () => {
    const { time, clock, ticks } = setup();
    clock.set(0, 2);
    time.advanceTo(2000);
    expect(ticks()).toBe(200);
    clock.set(clock.offsetMs, 0.5); // keep the offset reached so far, change only the rate
    time.advanceTo(3000);
    expect(ticks()).toBe(250);
  });

  it('catches up after a forward jump, capped', () => {
    const { time, clock, ticks } = setup(10, 40);
    time.advanceTo(1100);
    expect(ticks()).toBe(10);
    clock.set(60_000, 1);
    time.advanceTo(1102);
    expect(ticks()).toBe(50);
    time.advanceTo(1200);
    expect(ticks()).toBeGreaterThanOrEqual(59);
    expect(ticks()).toBeLessThanOrEqual(60);
  });

  it('stops ticking after a backward jump until the clock catches up', () => {
    const { time, clock, ticks } = setup(10, 40);
    time.advanceTo(1100);
    expect(ticks()).toBe(10);
    clock.set(-500, 1);
    time.advanceTo(1590);
    expect(ticks()).toBe(10);
    time.advanceTo(1700);
    expect(ticks()).toBeGreaterThanOrEqual(19);
    expect(ticks()).toBeLessThanOrEqual(20);
  });
});
