// How a run answers SIGINT / SIGTERM / SIGHUP. The first signal stops it gracefully; a second one
// kills the nodes at once and checks what was recorded; a third gives up on the check. The same
// signal often arrives twice at once -- timeout(1) signals the process and then its process group,
// a terminal's Ctrl-C reaches every process of the foreground group -- so a signal counts as a new
// one only when it comes more than `sameSignalMs` after the last one that counted.

export type SignalStage = 'stop' | 'hurry' | 'abandon';

export const SAME_SIGNAL_MS = 1000;

export class SignalStages {
  private stage = 0;
  private lastCountedMs = -Infinity;

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly sameSignalMs = SAME_SIGNAL_MS,
  ) {}

  /** The stage a signal arriving now starts, or null when it repeats the last one. */
  next(): SignalStage | null {
    const now = this.nowMs();
    if (this.stage > 0 && now - this.lastCountedMs <= this.sameSignalMs) return null;
    this.lastCountedMs = now;
    this.stage = Math.min(this.stage + 1, 3);
    return this.stage === 1 ? 'stop' : this.stage === 2 ? 'hurry' : 'abandon';
  }
}
