// Collects violations for the invariant checker: a cap per invariant keeps results.json small
// while the counts (and whether any certain violation was seen) stay exact.
import type { NodeEvent } from '../../history/events.js';
import type { InvariantName, Violation } from './types.js';
import { INVARIANT_NAMES } from './types.js';

export class ViolationLog {
  readonly list: Violation[] = [];
  readonly counts: Record<InvariantName, number>;
  certainCount = 0;
  private readonly cap: number;

  constructor(capPerInvariant: number) {
    this.cap = capPerInvariant;
    this.counts = Object.fromEntries(INVARIANT_NAMES.map((n) => [n, 0])) as Record<InvariantName, number>;
  }

  /** Record a violation; `events` are sorted by time, and `time` defaults to the last one's. */
  add(invariant: InvariantName, message: string, events: readonly NodeEvent[], certain = true, time?: number): void {
    this.counts[invariant] += 1;
    if (certain) this.certainCount += 1;
    if (this.counts[invariant] > this.cap) return;
    const sorted = [...events].sort((a, b) => a.time - b.time);
    const last = sorted[sorted.length - 1];
    this.list.push({ invariant, message, events: sorted, time: time ?? last?.time ?? 0, certain });
  }
}
