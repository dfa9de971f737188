// A short real run per fault family (crash, pause, clock), one combining every family and one of
// the one-way partition shapes: 3 real node processes, ~7 s of load with a fault action every
// second, each valid on the correct core, every action recorded in the history, everything healed
// before the final reads, no process left.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, nemesisActions, realRun } from '../nemesis/real-run.js';

afterAll(cleanRunDirs);

const base = { nodes: 3, timeLimitS: 7, nemesisIntervalS: 1, rate: 40, recoveryS: 10 } as const;

/** The nodes a kill / pause / clock completion names. */
function nodesOf(value: unknown): number[] {
  return (value as { nodes?: number[] } | null)?.nodes ?? [];
}

describe('nemesis families in real runs (correct core)', () => {
  it('crash: kills and restarts recorded, valid', async () => {
    const { outcome, out } = await realRun('crash', { ...base, nemesis: 'crash', seed: 101 });
    const actions = nemesisActions(outcome.history);
    expect(actions.filter((a) => a.f === 'kill').length, out).toBeGreaterThanOrEqual(3);
    expect(actions.filter((a) => a.f === 'kill').some((a) => nodesOf(a.value).length > 0)).toBe(true);
    expect(actions.filter((a) => a.f === 'restart').length).toBeGreaterThanOrEqual(2);
    expect(actions.at(-1)?.f).toBe('heal-all');
    expect(outcome.results.checkers.perf).toBeDefined();
    expect(outcome.valid, out).toBe(true);
  }, 90_000);

  it('pause: SIGSTOP / SIGCONT recorded, valid', async () => {
    const { outcome, out } = await realRun('pause', { ...base, nemesis: 'pause', seed: 102 });
    const actions = nemesisActions(outcome.history);
    expect(actions.filter((a) => a.f === 'pause').some((a) => nodesOf(a.value).length > 0), out).toBe(true);
    expect(actions.filter((a) => a.f === 'resume').length).toBeGreaterThanOrEqual(2);
    expect(actions.at(-1)?.f).toBe('heal-all');
    expect(outcome.valid, out).toBe(true);
  }, 90_000);

  it('clock: skews recorded with their nodes, clocks reset, valid', async () => {
    const { outcome, out } = await realRun('clock', { ...base, nemesis: 'clock', seed: 103 });
    const actions = nemesisActions(outcome.history);
    const starts = actions.filter((a) => a.f === 'start-clock');
    expect(starts.length, out).toBeGreaterThanOrEqual(3);
    expect(starts.some((a) => nodesOf(a.value).length > 0)).toBe(true);
    expect(actions.filter((a) => a.f === 'stop-clock').length).toBeGreaterThanOrEqual(2);
    expect(actions.at(-1)?.f).toBe('heal-all');
    expect(outcome.valid, out).toBe(true);
  }, 90_000);

  it('partition,crash,pause,clock: every family acts on one schedule, healed at the end, valid', async () => {
    const { outcome, out } = await realRun('combined', { ...base, nemesis: 'partition,crash,pause,clock', seed: 104 });
    const fs = new Set(nemesisActions(outcome.history).map((a) => a.f));
    for (const f of ['start-partition', 'kill', 'pause', 'start-clock', 'stop-partition', 'restart', 'resume', 'stop-clock', 'heal-all']) {
      expect(fs.has(f), `${f} missing\n${out}`).toBe(true);
    }
    const healed = nemesisActions(outcome.history).at(-1);
    expect(healed?.f).toBe('heal-all');
    // Final reads after the heal succeeded for the key.
    const healNs = healed?.time ?? Infinity;
    expect(outcome.history.some((o) => o.f === 'read' && o.type === 'ok' && o.time > healNs), out).toBe(true);
    expect(outcome.valid, out).toBe(true);
  }, 90_000);

  it('partition with --partition-shapes one-way on the proxy network: only one-way shapes, each cut one-way, valid', async () => {
    const { outcome, out } = await realRun('one-way', { ...base, nemesis: 'partition', partitionShapes: 'one-way', seed: 105 });
    const history = outcome.history.filter((o) => o.process === 'nemesis');
    const asked = history.filter((o) => o.f === 'start-partition' && o.type === 'invoke').map((o) => o.value);
    expect(asked.length, out).toBeGreaterThanOrEqual(3);
    for (const shape of asked) expect(['one-way-leader', 'one-way-one', 'mute-leader', 'mute-one']).toContain(shape);
    for (const done of history.filter((o) => o.f === 'start-partition' && o.type === 'info')) {
      const grudge = (done.value as { grudge: Record<string, number[]> }).grudge;
      // One-way: no two nodes drop each other.
      for (const [a, drops] of Object.entries(grudge)) for (const b of drops) expect(grudge[String(b)] ?? [], JSON.stringify(grudge)).not.toContain(Number(a));
    }
    expect(outcome.valid, out).toBe(true);
  }, 90_000);
});
