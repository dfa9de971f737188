// What a cluster's faults did to its nodes and links, over time (ns on the clock of the event logs:
// the run's epoch for lab-go, virtual time in the simulator): each change of the directed cut, and
// of the nodes down (killed or exited) or paused. The stale-leader liveness check
// (src/checker/invariants/leaderless-majority.ts) reads it.
import type { Grudge } from '../plugins.js';
import type { FaultSnapshot } from '../checker/invariants/leaderless-majority.js';

export class FaultTimeline {
  readonly snapshots: FaultSnapshot[] = [];
  private cut: Grudge = new Map();
  private readonly dead = new Set<number>();
  private readonly paused = new Set<number>();

  constructor(private readonly nowNs: () => number) {}

  setCut(cut: Grudge): void {
    this.cut = cut;
    this.push();
  }

  down(nodes: readonly number[]): void {
    for (const n of nodes) this.dead.add(n);
    this.push();
  }

  up(nodes: readonly number[]): void {
    for (const n of nodes) this.dead.delete(n);
    this.push();
  }

  pause(nodes: readonly number[]): void {
    for (const n of nodes) this.paused.add(n);
    this.push();
  }

  resume(nodes: readonly number[]): void {
    for (const n of nodes) this.paused.delete(n);
    this.push();
  }

  private push(): void {
    this.snapshots.push({ timeNs: this.nowNs(), cut: this.cut, down: new Set([...this.dead, ...this.paused]) });
  }
}
