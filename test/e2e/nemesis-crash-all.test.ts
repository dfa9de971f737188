// Crash every node at once (SIGKILL), restart them all from their data directories: no
// acknowledged write may be lost. The seed is chosen so that the crash nemesis's first kill targets
// 'all' (the run draws its schedule from deriveSeed(seed, 'nemesis')); the history must show the
// kill of every node, and the linearizability checker, which sees the writes acknowledged before
// the crash and the reads after the restart (the final reads among them), must find it valid.
import { afterAll, describe, expect, it } from 'vitest';
import { deriveSeed, seededRng } from '../../src/util/rng.js';
import { crashNemesis } from '../../nemesis/crash.js';
import { scheduleOf } from '../helpers/nemesis-schedule.js';
import { cleanRunDirs, nemesisActions, realRun } from '../nemesis/real-run.js';

afterAll(cleanRunDirs);

const INTERVAL_S = 1.5;

/** The first seed from `from` whose crash schedule starts with a kill of every node. */
function seedKillingAllFirst(from: number): number {
  for (let seed = from; seed < from + 1000; seed++) {
    const [first] = scheduleOf(crashNemesis(), seededRng(deriveSeed(seed, 'nemesis')), { intervalS: INTERVAL_S, nodes: 3 }, 1);
    if (first?.op.f === 'kill' && first.op.value === 'all') return seed;
  }
  throw new Error(`no seed from ${from} kills all nodes first`);
}

describe('crash of every node at once (real processes)', () => {
  it('kill all, restart all: valid, acknowledged writes survive, final reads succeed', async () => {
    const seed = seedKillingAllFirst(200);
    const { outcome, out } = await realRun('crash-all', {
      nodes: 3,
      nemesis: 'crash',
      nemesisIntervalS: INTERVAL_S,
      timeLimitS: 7,
      rate: 40,
      seed,
    });
    const actions = nemesisActions(outcome.history);
    const killAll = actions.find((a) => a.f === 'kill');
    expect(killAll?.value, out).toEqual({ kind: 'nodes', nodes: [1, 2, 3] });
    const restart = actions.find((a) => a.f === 'restart' && (a.time ?? 0) > (killAll?.time ?? 0));
    expect(restart?.value, out).toEqual({ kind: 'nodes', nodes: [1, 2, 3] });
    const killNs = killAll?.time ?? 0;
    const restartNs = restart?.time ?? Infinity;
    // Writes were acknowledged before the crash, and reads answered after the restart.
    const ackedBefore = outcome.history.filter((o) => o.type === 'ok' && (o.f === 'write' || o.f === 'cas') && o.time < killNs);
    expect(ackedBefore.length, out).toBeGreaterThan(5);
    expect(outcome.history.some((o) => o.type === 'ok' && o.f === 'read' && o.time > restartNs), out).toBe(true);
    // While every node was down nothing invoked after the kill was acknowledged: between the kill and
    // the restart's invocation no node process existed.
    const restartInvokeNs =
      outcome.history.find((o) => o.process === 'nemesis' && o.type === 'invoke' && o.f === 'restart' && o.time > killNs)?.time ?? Infinity;
    const invokedAt = new Map<string, number>();
    const answeredWhileDown: number[] = [];
    for (const o of outcome.history) {
      if (o.process === 'nemesis') continue;
      if (o.type === 'invoke') invokedAt.set(String(o.process), o.time);
      else if (o.type === 'ok' && (invokedAt.get(String(o.process)) ?? 0) > killNs && o.time < restartInvokeNs) answeredWhileDown.push(o.index);
    }
    expect(answeredWhileDown, out).toEqual([]);
    expect(outcome.results.checkers.linearizability?.valid, out).toBe(true);
    expect(outcome.valid, out).toBe(true);
  }, 90_000);
});
