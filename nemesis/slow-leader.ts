// The slow-then-cut move, leader-targeted and reactive: every --nemesis-interval seconds, wait for a
// leader (the status ability's view), slow that leader's clock to `rate` times true time, and after
// slowMs cut it off from every other node for cutMs; then heal the network and reset every clock.
// A slow clock stretches what the leader counts in ticks -- its heartbeats, its check-quorum and
// its lease -- while the followers' election timeouts run at true speed, so once it is cut off a
// new leader can be elected while the old one still believes its lease (thesis §6.4.1: a lease
// must leave a margin for clock drift). With a correct lease (leaseTicks well below electionTicks)
// the old lease ends first; lease-without-margin trusts it for a whole election timeout.
// Every step is an ordinary fault op (start-clock drift, start-partition, stop-partition,
// stop-clock), so history.jsonl records it like any other fault.
import type { Nemesis } from '../src/plugins.js';
import { healAll, once, script, sleep, waitUntil, type Gen } from '../src/generators/index.js';
import { completeGrudge } from '../src/faults/partition.js';
import { valueOfGrudge } from '../src/faults/grudge-value.js';

export interface SlowLeaderOptions {
  /**
   * The leader's clock rate while slowed. Default 0.75: within the margin of the real node's default
   * lease (14 of 20 election ticks of 10 ms: 187 ms at 0.75x, under the followers' shortest
   * election timeout of 200 ms), so a correct node stays linearizable; a rate below
   * leaseTicks/electionTicks (0.7 there) is drift beyond what that lease promises to survive.
   */
  readonly rate?: number;
  /** How long the leader runs slow, still connected, before the cut (default 300 ms). */
  readonly slowMs?: number;
  /** How long the leader stays cut off (default 1000 ms: an election and a write fit in it). */
  readonly cutMs?: number;
  /** Longest wait for a leader at the start of a round (default 3000 ms). */
  readonly leaderWaitMs?: number;
}

export const SLOW_LEADER_DEFAULTS = { rate: 0.75, slowMs: 300, cutMs: 1000, leaderWaitMs: 3000 } as const;

/**
 * One slow-then-cut round on `leader`: drift its clock, wait slowMs, isolate it, wait cutMs, heal,
 * reset every clock. The ops in order, as generators.
 */
export function slowThenCut(leader: number, nodeIds: readonly number[], options: SlowLeaderOptions = {}): Gen[] {
  const rate = options.rate ?? SLOW_LEADER_DEFAULTS.rate;
  const followers = nodeIds.filter((n) => n !== leader);
  const isolated = completeGrudge([[leader], followers]);
  return [
    once({ f: 'start-clock', value: { kind: 'drift', targets: { nodes: [leader] }, rate } }),
    sleep(options.slowMs ?? SLOW_LEADER_DEFAULTS.slowMs),
    once({ f: 'start-partition', value: valueOfGrudge(isolated) }),
    sleep(options.cutMs ?? SLOW_LEADER_DEFAULTS.cutMs),
    once({ f: 'stop-partition', value: null }),
    once({ f: 'stop-clock', value: null }),
  ];
}

function validate(options: SlowLeaderOptions): void {
  const rate = options.rate ?? SLOW_LEADER_DEFAULTS.rate;
  if (!(rate > 0 && rate <= 100)) throw new RangeError(`slow-leader rate must be in (0, 100], got ${rate}`);
  for (const key of ['slowMs', 'cutMs', 'leaderWaitMs'] as const) {
    const v = options[key];
    if (v !== undefined && !(v >= 0)) throw new RangeError(`slow-leader ${key} must be >= 0, got ${v}`);
  }
}

export function slowLeaderNemesis(options: SlowLeaderOptions = {}): Nemesis {
  validate(options);
  const rate = options.rate ?? SLOW_LEADER_DEFAULTS.rate;
  const slowMs = options.slowMs ?? SLOW_LEADER_DEFAULTS.slowMs;
  const cutMs = options.cutMs ?? SLOW_LEADER_DEFAULTS.cutMs;
  const leaderWaitMs = options.leaderWaitMs ?? SLOW_LEADER_DEFAULTS.leaderWaitMs;
  return {
    name: 'slow-leader',
    description: `every --nemesis-interval seconds: the leader's clock at ${rate}x, ${slowMs} ms later the leader cut off for ${cutMs} ms, then heal and reset clocks (leader from the status view)`,
    families: ['clock', 'partition'],
    generator: (nemesisOptions) =>
      script(function* (s) {
        const intervalMs = nemesisOptions.intervalS * 1000;
        for (;;) {
          const roundStartMs = s.nowMs;
          yield waitUntil((v) => v.leader() !== null, leaderWaitMs);
          const leader = s.view.leader();
          if (leader !== null) for (const step of slowThenCut(leader, s.view.nodeIds, { rate, slowMs, cutMs })) yield step;
          // The next round starts an interval after this one did (at once if the round took longer).
          const restMs = roundStartMs + intervalMs - s.nowMs;
          if (restMs > 0) yield sleep(restMs);
        }
      }),
    final: healAll,
  };
}
