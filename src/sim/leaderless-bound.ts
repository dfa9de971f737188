// How long a majority that hears itself may go without a leader during a simulated fault phase
// (the leaderless-majority check of run-seed.ts), from the day alone: the swarm's moves that hold
// a fault for that long read it too.
import { DEFAULT_LEADERLESS_BOUND_NS } from '../checker/invariants/leaderless-majority.js';
import { CLASSIC_CLOCK_RATES, type BadDay } from './bad-day.js';
import { DEFAULT_TICK_US } from './cluster.js';
import type { SwarmDay } from './swarm.js';

/**
 * How long a majority that hears itself may go without a leader during the fault phase: ten of
 * the day's longest election timeouts on its slowest clock (its drift, and its clock faults' rates
 * when it has any), and at least the directed scenarios' bound (DEFAULT_LEADERLESS_BOUND_NS).
 * Null on a day whose network itself can keep a correct Raft from electing, where the check is
 * not made: the lab's long reordering (replies held back longer than an election timeout), loss
 * over LEADERLESS_MAX_LOSS, or a round trip longer than half the shortest election timeout.
 */
export function leaderlessBoundOf(day: BadDay | SwarmDay): number | null {
  const n = day.network;
  const shortestTimeoutUs = day.raft.electionTicks * DEFAULT_TICK_US;
  if (n.longReordering || n.unreliable || n.lossRate > LEADERLESS_MAX_LOSS || 2 * n.maxDelayUs > shortestTimeoutUs / 2) return null;
  const clockFaults = 'swarm' in day ? (day.swarm.weights.clock !== undefined ? day.swarm.clockRates : []) : CLASSIC_CLOCK_RATES;
  const rates = [...day.drift.slice(1), ...clockFaults];
  const longestTimeoutUs = (2 * shortestTimeoutUs) / Math.min(1, ...rates);
  return Math.max(DEFAULT_LEADERLESS_BOUND_NS / 1000, 10 * longestTimeoutUs);
}
const LEADERLESS_MAX_LOSS = 0.1;
