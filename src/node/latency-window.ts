// The last N latencies of one kind, for percentiles in the node's status (diagnostics only).
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  count = 0;

  constructor(size = 4096) {
    this.samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.filled < this.samples.length) this.filled++;
    this.count++;
  }

  /** Percentiles (0..100) over the window, rounded to 0.1 ms; null when empty. */
  percentiles(ps: readonly number[]): number[] | null {
    if (this.filled === 0) return null;
    const sorted = this.samples.slice(0, this.filled).sort();
    return ps.map((p) => Math.round(sorted[Math.min(this.filled - 1, Math.floor((p / 100) * this.filled))]! * 10) / 10);
  }
}
