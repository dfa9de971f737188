import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quantile, summarize } from '../../src/report/stats.js';
import { parseJsonl } from '../../src/report/jsonl.js';
import { isOpRecord, loadRun } from '../../src/report/load-run.js';
import { pairOperations } from '../../src/report/ops.js';
import { checkerFacts, checkerSentence } from '../../src/report/checker-kinds.js';
import { rec } from './helpers/history.js';
import { writeFakeRun } from './helpers/fake-run.js';

describe('quantile and summarize', () => {
  it('uses the nearest rank, as src/checker/perf/ does', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(xs, 0.5)).toBe(5);
    expect(quantile(xs, 0.99)).toBe(10);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile([], 0.5)).toBeNull();
  });
  it('counts outcomes and gives ok latencies by operation, with an "all" row for several', () => {
    const ops = pairOperations([
      rec('invoke', 0, 'read', 0), rec('ok', 0, 'read', 2),
      rec('invoke', 1, 'write', 0), rec('ok', 1, 'write', 10),
      rec('invoke', 2, 'write', 1), rec('fail', 2, 'write', 3),
      rec('invoke', 3, 'read', 4),
    ]);
    const s = summarize(ops, 2e9);
    expect(s).toMatchObject({ total: 4, ok: 2, fail: 1, info: 1, processes: 4, okPerS: 1 });
    expect(s.rows.map((r) => [r.f, r.count, r.p50Ms, r.maxMs])).toEqual([
      ['read', 2, 2, 2],
      ['write', 2, 10, 10],
      ['all', 4, 2, 10],
    ]);
  });
});

describe('parseJsonl', () => {
  it('keeps the good lines and names the bad ones, including a torn last line', () => {
    const r = parseJsonl('{"index":0,"type":"invoke","process":1,"f":"read","value":null,"time":5}\n\n[1]\n{"type":"ok"}\n{"ind', isOpRecord);
    expect(r.records).toHaveLength(1);
    expect(r.badLines).toEqual([3, 4, 5]);
  });
});

describe('loadRun', () => {
  it('names a run reached through results/latest by the directory the link points to', async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-load-'));
    try {
      const run = await writeFakeRun(root, { seed: 41, ops: 5, name: 'register-none-20261125T120000.000Z' });
      await symlink('register-none-20261125T120000.000Z', join(root, 'latest'));
      const loaded = await loadRun(join(root, 'latest'));
      expect(loaded.name).toBe('register-none-20261125T120000.000Z');
      expect(loaded.nodes.map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
      expect(loaded.nodes[0]!.files.map((f) => f.name)).toEqual(['events.jsonl', 'stderr', 'stdout']);
      expect(loaded.problems).toEqual([]);
      expect(loaded.history.length).toBe(run.history.length);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('checker cards', () => {
  it('tells the perf and invariant facts that matter, as src/control/checks/check-run.ts writes them', () => {
    const perf = { name: 'perf', valid: true as const, data: {
      valid: true, ops: { invoked: 10, ok: 8, fail: 1, info: 1 },
      byOutcome: { ok: { latencyMs: { p50: 5.5, p90: 9, p99: 40, max: 1200 } } },
      overall: { latencyMs: { p50: 6, p99: 50 } },
      availability: { overall: { fraction: 0.8 }, outsideFaults: { fraction: 0.9 } },
      heals: [{ timeToFirstOkWriteMs: 12 }, { timeToFirstOkWriteMs: null }],
    } };
    expect(checkerSentence(perf)).toBe('Statistics only (no verdict): 80.0% of operations succeeded, ok p99 latency 40 ms.');
    expect(Object.fromEntries(checkerFacts(perf))).toMatchObject({
      operations: '10: 8 ok, 1 fail, 1 info',
      'ok latency': 'p50 5.50 ms \u00b7 p90 9.00 ms \u00b7 p99 40 ms \u00b7 max 1.20 s',
      availability: '80.0%',
      'outside faults': '90.0%',
      'first ok write after heals': '12 ms',
    });
    const inv = { name: 'invariants', valid: true as const, data: { valid: true, violations: [], checked: ['election-safety', 'vote-once'], stats: { elections: 3, electionAttempts: 4, terms: 3 } } };
    expect(Object.fromEntries(checkerFacts(inv))).toMatchObject({ violations: '0', checked: 'election-safety, vote-once', elections: '3 won of 4 attempts' });
  });
});
