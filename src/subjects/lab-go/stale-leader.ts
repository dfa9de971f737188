// The stale-leader schedule (--lab-scenario stale-leader), a directed fault the run's nemesis
// vocabulary has no shape for yet: it makes the leader's AppendEntries arrive at the others in a
// term they have already left, which a correct Raft refuses without resetting its election timer.
// One cycle:
//   1. cut the leader L off both ways, until the others elect a leader of a higher term (<= 5 s);
//   2. make L deaf: its messages still reach everyone, it hears nothing, so it stays leader of
//      its old term and keeps sending stale heartbeats;
//   3. kill the new leader and restart it at once: the others, a majority that hears itself, must
//      elect again while the stale heartbeats arrive;
//   4. hold that for HOLD_MS, then lift the cut and rest.
// A Raft whose election timer is reset by any message stays leaderless in 3 until the cut is
// lifted; the leaderless-majority check reports it.
import type { Grudge } from '../../plugins.js';
import type { LabStatus } from './status.js';

export const LAB_SCENARIOS = ['stale-leader'] as const;
export type LabScenario = (typeof LAB_SCENARIOS)[number];

const ELECTION_WAIT_MS = 5_000;
const DEAF_SETTLE_MS = 500;
const HOLD_MS = 8_000;
const REST_MS = 2_000;

export interface ScenarioControl {
  readonly nodeIds: readonly number[];
  readonly status: LabStatus;
  /** Set the scenario's own cut (combined with the nemesis's partition). */
  cut(grudge: Grudge): void;
  kill(nodes: readonly number[]): Promise<void>;
  restart(nodes: readonly number[]): Promise<void>;
  /** Note a step for the run's report. */
  log(step: string, nodes: readonly number[]): void;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Every other node drops L's messages and L drops theirs. */
export function isolateBothWays(leader: number, ids: readonly number[]): Grudge {
  const others = ids.filter((i) => i !== leader);
  return new Map([[leader, new Set(others)], ...others.map((o) => [o, new Set([leader])] as const)]);
}

/** L drops every message to it; everyone still hears L. */
export function deaf(leader: number, ids: readonly number[]): Grudge {
  return new Map([[leader, new Set(ids.filter((i) => i !== leader))]]);
}

async function newerLeader(ctl: ScenarioControl, old: number, oldTerm: number, signal: AbortSignal): Promise<number | null> {
  const deadline = Date.now() + ELECTION_WAIT_MS;
  while (Date.now() < deadline && !signal.aborted) {
    await ctl.status.poll();
    const l = ctl.status.leader();
    if (l !== null && l !== old && (ctl.status.stateOf(l)?.term ?? -1) > oldTerm) return l;
    await sleep(50, signal);
  }
  return null;
}

/** Cycles until `signal` fires; leaves no cut of its own behind. */
export async function runStaleLeader(ctl: ScenarioControl, signal: AbortSignal): Promise<void> {
  try {
    while (!signal.aborted) {
      await ctl.status.poll();
      const old = ctl.status.leader();
      const oldTerm = old === null ? -1 : (ctl.status.stateOf(old)?.term ?? -1);
      if (old === null) {
        await sleep(200, signal);
        continue;
      }
      ctl.cut(isolateBothWays(old, ctl.nodeIds));
      ctl.log('isolate-leader', [old]);
      const next = await newerLeader(ctl, old, oldTerm, signal);
      if (next !== null && !signal.aborted) {
        ctl.cut(deaf(old, ctl.nodeIds));
        ctl.log('deaf-stale-leader', [old]);
        await sleep(DEAF_SETTLE_MS, signal);
        await ctl.status.poll();
        const current = ctl.status.leader();
        const victim = current !== null && current !== old ? current : next;
        if (!signal.aborted) {
          await ctl.kill([victim]);
          await ctl.restart([victim]);
          ctl.log('restart-new-leader', [victim]);
          await sleep(HOLD_MS, signal);
        }
      }
      ctl.cut(new Map());
      ctl.log('lift-cut', []);
      await sleep(REST_MS, signal);
    }
  } finally {
    ctl.cut(new Map());
  }
}
