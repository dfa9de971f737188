// How a run answers SIGINT / SIGTERM / SIGHUP. The first signal stops it gracefully; a second one
// kills the nodes at once and checks what was recorded; a third gives up on the check. The same
// signal often arrives twice at once -- timeout(1) signals the process and then its process group,
// a terminal's Ctrl-C reaches every process of the foreground group -- so a signal counts as a new
// one only when it comes more than `sameSignalMs` after the last one that counted.
//
// A handler runs when the event loop gets to it, not when the signal came: if the loop was stalled
// (a busy machine, a synchronous check), the signal may have been waiting since the loop's last
// tick, and is dated then. A doubtful repeat is thus taken for the same signal: a user whose
// second Ctrl-C is ignored can press again, a run killed by a duplicate loses its graceful stop.

export type SignalStage = 'stop' | 'hurry' | 'abandon';

export const SAME_SIGNAL_MS = 1000;
/** The loop's tick while signal handlers are installed, and the gap that counts as a stall. */
export const LOOP_TICK_MS = 100;
const STALL_MS = 3 * LOOP_TICK_MS;

export class SignalStages {
  private stage = 0;
  private lastCountedMs = -Infinity;
  private lastTickMs: number;

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly sameSignalMs = SAME_SIGNAL_MS,
  ) {
    this.lastTickMs = nowMs();
  }

  /** Call every LOOP_TICK_MS: the loop was responsive then. */
  tick(): void {
    this.lastTickMs = this.nowMs();
  }

  /** The stage a signal handled now starts, or null when it repeats the last one. */
  next(): SignalStage | null {
    const now = this.nowMs();
    const arrivedMs = now - this.lastTickMs > STALL_MS ? this.lastTickMs : now;
    if (this.stage > 0 && arrivedMs - this.lastCountedMs <= this.sameSignalMs) return null;
    this.lastCountedMs = now;
    this.stage = Math.min(this.stage + 1, 3);
    return this.stage === 1 ? 'stop' : this.stage === 2 ? 'hurry' : 'abandon';
  }
}
