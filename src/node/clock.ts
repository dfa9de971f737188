// The node's controllable clock and the tick loop it drives.
//
// Node time = true monotonic time, as shifted and scaled by the controller's last `clock` command:
// right after setClock(offsetMs, rate) the node reads true time + offsetMs, and from then on its
// clock runs `rate` times as fast as true time. The Raft core only knows ticks (its election and
// heartbeat timeouts and its lease are counted in ticks), so skewing this clock skews exactly what
// a skewed clock skews on a real server (§5.2 timeouts, §6.4 / §9 lease reads).
//
// The tick loop ticks once per tickMs of NODE time: a rate of 2 ticks twice as fast; a forward
// jump causes catch-up ticks, at most maxCatchUpTicks at once (the rest are skipped, as a process
// that was suspended would); a backward jump pauses ticking until node time passes the last tick.

/** True time in ms from an arbitrary origin (performance.now by default). */
export type RealNowMs = () => number;

export class NodeClock {
  private anchorRealMs: number;
  private anchorNodeMs: number;
  private rateValue = 1;
  private listeners: (() => void)[] = [];

  constructor(private readonly realNowMs: RealNowMs = () => performance.now()) {
    this.anchorRealMs = realNowMs();
    this.anchorNodeMs = this.anchorRealMs;
  }

  /** Node time in ms (same origin as the real clock). */
  nowMs(): number {
    return this.anchorNodeMs + (this.realNowMs() - this.anchorRealMs) * this.rateValue;
  }

  /** How far node time is ahead of true time right now (negative: behind). */
  get offsetMs(): number {
    return this.nowMs() - this.realNowMs();
  }

  get rate(): number {
    return this.rateValue;
  }

  /** Real milliseconds that pass while node time advances by nodeMs. */
  realDurationMs(nodeMs: number): number {
    return nodeMs / this.rateValue;
  }

  set(offsetMs: number, rate: number): void {
    if (!Number.isFinite(offsetMs)) throw new RangeError(`clock offsetMs must be a finite number, got ${offsetMs}`);
    if (!Number.isFinite(rate) || rate <= 0 || rate > 100) {
      throw new RangeError(`clock rate must be a number in (0, 100], got ${rate}`);
    }
    this.anchorRealMs = this.realNowMs();
    this.anchorNodeMs = this.anchorRealMs + offsetMs;
    this.rateValue = rate;
    for (const listener of this.listeners) listener();
  }

  /** Called after every set() (the tick loop reschedules its timer). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}

/**
 * Which ticks are due, given node time: pure bookkeeping, no timers (tested on its own).
 */
export class TickSchedule {
  private lastTickMs: number;

  constructor(
    readonly tickMs: number,
    readonly maxCatchUpTicks: number,
    startMs: number,
  ) {
    if (!(tickMs > 0)) throw new RangeError(`tickMs must be positive, got ${tickMs}`);
    if (!(maxCatchUpTicks >= 1)) throw new RangeError(`maxCatchUpTicks must be at least 1, got ${maxCatchUpTicks}`);
    this.lastTickMs = startMs;
  }

  /** The number of ticks to run now (0 while node time is before the next tick). */
  due(nowMs: number): number {
    const elapsedMs = nowMs - this.lastTickMs;
    if (elapsedMs < this.tickMs) return 0; // includes a backward jump: wait for the clock to catch up
    const ticks = Math.floor(elapsedMs / this.tickMs);
    if (ticks > this.maxCatchUpTicks) {
      this.lastTickMs = nowMs; // skip the excess: no burst larger than the cap
      return this.maxCatchUpTicks;
    }
    this.lastTickMs += ticks * this.tickMs;
    return ticks;
  }

  /** Node milliseconds until the next tick is due (0 if one is due now). */
  untilNextMs(nowMs: number): number {
    return Math.max(0, this.lastTickMs + this.tickMs - nowMs);
  }
}

export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Runs onTicks(n) whenever n ticks of node time are due. */
export class TickLoop {
  private readonly schedule: TickSchedule;
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly clock: NodeClock,
    tickMs: number,
    maxCatchUpTicks: number,
    private readonly onTicks: (ticks: number) => void,
    private readonly timers: Timers = REAL_TIMERS,
  ) {
    this.schedule = new TickSchedule(tickMs, maxCatchUpTicks, clock.nowMs());
    clock.onChange(() => {
      if (this.running) this.arm();
    });
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const untilMs = this.clock.realDurationMs(this.schedule.untilNextMs(this.clock.nowMs()));
    // +1: never wake a hair early and spin; a tick late by <1 ms is harmless.
    this.timer = this.timers.setTimeout(() => this.fire(), Math.max(1, Math.ceil(untilMs)));
  }

  private fire(): void {
    this.timer = null;
    if (!this.running) return;
    const ticks = this.schedule.due(this.clock.nowMs());
    if (ticks > 0) this.onTicks(ticks);
    if (this.running) this.arm();
  }
}
