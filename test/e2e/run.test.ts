// Real runs: node processes from dist/ (the global setup builds them), proxies, clients, nemesis,
// checkers. Each test checks that no node process survives, even when the run fails.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/control/runner/run.js';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';

afterAll(cleanRunDirs);

function expectCompleteRunDir(outcome: RunOutcome, nodes: number): void {
  for (const f of ['test.json', 'history.jsonl', 'results.json']) expect(fs.existsSync(path.join(outcome.run.dir, f))).toBe(true);
  for (let i = 1; i <= nodes; i++) {
    for (const f of ['events.jsonl', 'stdout.log', 'stderr.log', 'config.json']) {
      expect(fs.existsSync(path.join(outcome.run.dir, 'nodes', `n${i}`, f))).toBe(true);
    }
  }
  const results = JSON.parse(fs.readFileSync(outcome.run.resultsFile, 'utf8')) as { valid: unknown; checkers: Record<string, { valid: unknown }> };
  expect(results.valid).toBe(outcome.valid);
  expect(Object.keys(results.checkers).sort()).toEqual(['invariants', 'linearizability', 'perf']);
}

describe('raft-chaos run (real processes)', () => {
  it('3 nodes, no faults: valid', async () => {
    // Without faults no operation may be left unknown; the timeout is long enough that a CPU stall
    // of the shared CI machine (a Go build in a parallel test file) is not taken for a lost reply.
    const { outcome, out } = await realRun('none-3', { nodes: 3, nemesis: 'none', seed: 11, opTimeoutMs: 5000 });
    expectCompleteRunDir(outcome, 3);
    const oks = outcome.history.filter((o) => o.type === 'ok').length;
    expect(oks, out).toBeGreaterThan(20);
    expect(outcome.history.filter((o) => o.type === 'info' && o.process !== 'nemesis')).toEqual([]);
    expect(outcome.valid, out).toBe(true);
  });

  it('5 nodes, partitions: valid, every fault recorded and healed', async () => {
    const { outcome, out } = await realRun('partition-5', {
      nodes: 5,
      nemesis: 'partition',
      nemesisIntervalS: 1,
      timeLimitS: 5,
      seed: 12,
    });
    expectCompleteRunDir(outcome, 5);
    const nemesis = outcome.history.filter((o) => o.process === 'nemesis' && o.type === 'info').map((o) => o.f);
    expect(nemesis.filter((f) => f === 'start-partition').length, out).toBeGreaterThanOrEqual(2);
    expect(nemesis.at(-1)).toBe('heal-all');
    expect(outcome.valid, out).toBe(true);
  });

  it('5 nodes, multi-register, partitions: valid', async () => {
    const { outcome, out } = await realRun('multi-5', {
      nodes: 5,
      workload: 'multi-register',
      keys: 3,
      nemesis: 'partition',
      nemesisIntervalS: 1.5,
      seed: 13,
    });
    const finalReads = new Set(outcome.history.filter((o) => o.type === 'ok' && o.f === 'read').map((o) => o.key));
    expect([...finalReads].sort()).toEqual(['k0', 'k1', 'k2']);
    expect(outcome.valid, out).toBe(true);
  });

  it('3 nodes, partitions: valid', async () => {
    const { outcome, out } = await realRun('partition-3', { nodes: 3, nemesis: 'partition', nemesisIntervalS: 1, seed: 14 });
    expect(outcome.valid, out).toBe(true);
  });
});
