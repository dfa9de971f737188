// The one-line progress display of a run: elapsed time, ops ok/fail/info, current faults, leader.
// On a terminal it is redrawn in place; otherwise it prints a line every `everyS` seconds.

export interface ProgressSnapshot {
  readonly phase: string;
  readonly elapsedS: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  readonly faults: string;
  readonly leader: number | null;
}

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function formatProgress(s: ProgressSnapshot): string {
  return (
    `[${s.phase}] ${s.elapsedS.toFixed(1)}s  ok ${s.ok}  fail ${s.fail}  info ${s.info}` +
    `  faults: ${s.faults}  leader: ${s.leader === null ? 'none' : `n${s.leader}`}`
  );
}

export class ProgressDisplay {
  private timer: NodeJS.Timeout | null = null;
  private lastLineAtMs = 0;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly snapshot: () => ProgressSnapshot,
    private readonly everyS: number = 5,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    const tty = this.out.isTTY === true;
    this.timer = setInterval(() => this.draw(false), tty ? 250 : 500);
    this.timer.unref();
  }

  /** Print a line now (a phase change), then carry on. */
  draw(force: boolean): void {
    const line = formatProgress(this.snapshot());
    if (this.out.isTTY === true) {
      const columns = this.out.columns ?? 0;
      const width = columns > 20 ? columns - 1 : 160; // a terminal that reports no width
      this.out.write(`\r\x1b[2K${line.slice(0, width)}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (force || now - this.lastLineAtMs >= this.everyS * 1000) {
      this.lastLineAtMs = now;
      this.out.write(`${line}\n`);
    }
  }

  /** Write a message line without tearing the progress line. */
  message(text: string): void {
    if (this.out.isTTY === true && this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(`${text}\n`);
    if (this.out.isTTY === true && this.timer !== null) this.draw(true);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.out.isTTY === true && this.drawn) {
      this.draw(true);
      this.out.write('\n');
      this.drawn = false;
    }
  }
}
