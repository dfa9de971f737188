// `raft-chaos check RUN_DIR` re-checks a stored real run: linearizability from history.jsonl, the
// invariants from nodes/n<i>/events.jsonl, perf from the history; the verdicts match the run's own
// results.json, and evidence added to an event log afterwards is caught (exit 1).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTest } from '../../src/control/runner/run.js';
import { checkMain } from '../../src/commands/check.js';
import { e2eOptions, killAll, nodePidsOf, survivors, tempResultsDir } from './helpers.js';

const resultsDir = tempResultsDir('check-run-dir');
afterAll(() => fs.rmSync(resultsDir, { recursive: true, force: true }));

const sink = () => {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text, isTTY: false as const };
};

describe('check RUN_DIR', () => {
  it('prints the linearizability, invariants and perf verdicts of a stored run, and catches tampered events', async () => {
    const outcome = await runTest(e2eOptions(resultsDir, { nodes: 3, timeLimitS: 3, nemesis: 'partition', nemesisIntervalS: 1 }), { out: sink(), renderReport: null });
    const pids = nodePidsOf(outcome.run.dir);
    try {
      expect(await survivors(pids)).toEqual([]);
    } finally {
      killAll(pids);
    }
    const stored = JSON.parse(fs.readFileSync(outcome.run.resultsFile, 'utf8')) as { checkers: Record<string, { valid: unknown }> };
    expect(stored.checkers.invariants?.valid).toBe(true);

    const out = sink();
    const code = await checkMain({ target: outcome.run.dir }, { out, err: sink() });
    expect(code).toBe(0);
    expect(out.text()).toMatch(/^ {2}linearizability +VALID /m);
    expect(out.text()).toMatch(/^ {2}invariants +VALID +\d+ invariants checked/m);
    expect(out.text()).toMatch(/^ {2}perf +VALID /m);
    expect(out.text()).toMatch(/^verdict: VALID \(exit 0\)$/m);

    const json = sink();
    await checkMain({ target: outcome.run.dir, json: true }, { out: json, err: sink() });
    const j = JSON.parse(json.text()) as { valid: unknown; runValid: unknown; checkers: Record<string, { valid: unknown }> };
    expect(j.runValid).toBe(true);
    expect(j.checkers.invariants?.valid).toBe(stored.checkers.invariants?.valid);
    expect(j.checkers.perf?.valid).toBe(stored.checkers.perf?.valid);

    // Two votes by one node in one term: the re-check must find it in the stored files.
    const events = path.join(outcome.run.dir, 'nodes', 'n2', 'events.jsonl');
    const lastTime = Math.max(...fs.readFileSync(events, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { time: number }).time));
    fs.appendFileSync(events, `${JSON.stringify({ node: 2, time: lastTime + 1, kind: 'vote', term: 9999, for: 1 })}\n${JSON.stringify({ node: 2, time: lastTime + 2, kind: 'vote', term: 9999, for: 3 })}\n`);
    const bad = sink();
    expect(await checkMain({ target: outcome.run.dir }, { out: bad, err: sink() })).toBe(1);
    expect(bad.text()).toMatch(/^ {2}invariants +INVALID .*vote-once/m);
    expect(bad.text()).toMatch(/^verdict: INVALID \(exit 1\)$/m);
  });
});
