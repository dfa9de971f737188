// One signal is one stage: a repeat within a second (timeout(1) and a terminal deliver the same
// signal to the process and to its group) is the same signal; later ones move to the next stage.
import { describe, expect, it } from 'vitest';
import { SAME_SIGNAL_MS, SignalStages } from '../../src/control/runner/signal-stages.js';

/** A clock set by hand; `at` without `stall` also ticks the loop, as a responsive process would. */
function clocked(): { stages: SignalStages; at: (ms: number, stall?: 'stall') => void } {
  let now = 1_000_000;
  const stages = new SignalStages(() => now);
  return {
    stages,
    at: (ms, stall) => {
      now = ms;
      if (stall === undefined) stages.tick();
    },
  };
}

describe('SignalStages', () => {
  it('the same signal twice at once is one stop', () => {
    const { stages } = clocked();
    expect(stages.next()).toBe('stop');
    expect(stages.next()).toBeNull();
    expect(stages.next()).toBeNull();
  });

  it('a signal more than a second after the last counted one is the next stage', () => {
    const { stages, at } = clocked();
    at(0);
    expect(stages.next()).toBe('stop');
    at(SAME_SIGNAL_MS);
    expect(stages.next()).toBeNull();
    at(SAME_SIGNAL_MS + 1);
    expect(stages.next()).toBe('hurry');
    at(SAME_SIGNAL_MS + 500);
    expect(stages.next()).toBeNull(); // a repeat of the second one
    at(3 * SAME_SIGNAL_MS);
    expect(stages.next()).toBe('abandon');
    at(10 * SAME_SIGNAL_MS);
    expect(stages.next()).toBe('abandon');
  });

  it('a signal handled after the loop stalled is dated at its last tick: a doubtful repeat is the same signal', () => {
    const { stages, at } = clocked();
    at(0);
    expect(stages.next()).toBe('stop');
    at(100);
    // The loop stalls for 1.5 s; a duplicate sent at 200 ms is only handled at 1600 ms.
    at(1600, 'stall');
    expect(stages.next()).toBeNull();
    // Once the loop ticks again, a signal more than a second after the first counts.
    at(1700);
    expect(stages.next()).toBe('hurry');
  });

  it('the first signal always counts, whenever it comes', () => {
    const { stages, at } = clocked();
    at(5);
    expect(stages.next()).toBe('stop');
  });
});
