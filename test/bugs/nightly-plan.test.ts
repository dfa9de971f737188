// The nightly script's pure parts: --budget parsing, the run plan, the summary page; and the
// detection matrix's sums.
import { describe, expect, it } from 'vitest';
import { parseBudgetMs } from '../../scripts/nightly/budget.js';
import { jobArgs, planJobs, replayCommand } from '../../scripts/nightly/plan.js';
import { countVerdicts, renderSummaryHtml, verdictOf } from '../../scripts/nightly/summary.js';
import type { NightlyRun } from '../../scripts/nightly/summary.js';
import { formatMatrix, median, summarize } from '../../src/bugs/matrix.js';
import type { Detection } from '../../src/bugs/types.js';

describe('nightly --budget', () => {
  it('accepts durations and sums compound ones', () => {
    expect(parseBudgetMs('10m')).toBe(600_000);
    expect(parseBudgetMs('90s')).toBe(90_000);
    expect(parseBudgetMs('1h30m')).toBe(5_400_000);
  });
  it.each(['', '10', '5x', '-3m', '10m junk', '10s', '25h'])('rejects %j naming the value', (bad) => {
    expect(() => parseBudgetMs(bad)).toThrow(new RegExp(`--budget must .*${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});

describe('nightly plan', () => {
  const plan = planJobs({
    workloads: ['register', 'multi-register'],
    realNemeses: ['none', 'partition'],
    simNemeses: ['none', 'partition', 'crash'],
    seeds: [7, 8],
    timeLimitS: 5,
    recoveryS: 5,
    simTime: '30s',
  });

  it('covers every workload x nemesis, real and simulated, for the first seed before the second', () => {
    const first = plan.filter((j) => j.seed === 7);
    expect(first.filter((j) => j.kind === 'real')).toHaveLength(4);
    expect(first.filter((j) => j.kind === 'sim')).toHaveLength(6);
    expect(plan.findIndex((j) => j.seed === 8)).toBe(first.length);
    expect(new Set(plan.map((j) => j.id)).size).toBe(plan.length);
  });

  it('interleaves real and simulated runs, so a short budget gets both', () => {
    expect(plan[0]!.kind).toBe('real');
    expect(plan[1]!.kind).toBe('sim');
  });

  it('builds replayable commands with the seed and the results directory', () => {
    const real = plan.find((j) => j.kind === 'real' && j.nemesis === 'partition')!;
    expect(jobArgs(real, 'results/n/runs')).toEqual(expect.arrayContaining(['run', '--seed', '7', '--nemesis', 'partition', '--results-dir', 'results/n/runs']));
    const sim = plan.find((j) => j.kind === 'sim' && j.nemesis === 'crash')!;
    expect(replayCommand(sim, 'x')).toBe(`node dist/src/cli.js sim --seed 7 --time 30s --workload ${sim.workload} --nemesis crash`);
  });
});

describe('nightly summary', () => {
  const run = (verdict: NightlyRun['verdict'], id: string): NightlyRun => ({
    id,
    kind: 'real',
    workload: 'register',
    nemesis: 'partition',
    seed: 3,
    verdict,
    exitCode: null,
    wallMs: 1000,
    replay: `node dist/src/cli.js run --seed 3 <${id}>`,
    output: null,
    problems: verdict === 'valid' ? [] : ['linearizability: false'],
  });

  it('maps exit codes to verdicts as Jepsen does', () => {
    expect([0, 1, 2, 255, null].map(verdictOf)).toEqual(['valid', 'invalid', 'unknown', 'tool-failed', 'tool-failed']);
  });

  it('lists the failed runs first, each with its escaped replay command', () => {
    const runs = [run('valid', 'ok-1'), run('invalid', 'bad-1')];
    const html = renderSummaryHtml({ name: 'nightly-x', bugs: [], startedAt: 't', budgetMs: 60_000, elapsedMs: 1000, planned: 3, skipped: 1, counts: countVerdicts(runs), runs });
    const failedAt = html.indexOf('Failed runs (1)');
    expect(failedAt).toBeGreaterThan(-1);
    expect(html.indexOf('&lt;bad-1&gt;')).toBeGreaterThan(failedAt);
    expect(html.indexOf('&lt;bad-1&gt;')).toBeLessThan(html.indexOf('Valid runs (1)'));
    expect(html).not.toContain('<bad-1>');
  });
});

describe('detection matrix', () => {
  const d = (withBug: boolean, caught: boolean, t: number | null): Detection => ({
    bug: 'local-reads',
    withBug,
    seed: 1,
    caught,
    checkers: caught ? ['linearizability'] : [],
    detectedAtS: t,
    failures: [],
    replay: '',
    wallMs: 1,
  });

  it('sums rate, clean false alarms and the median time to detection', () => {
    const cell = summarize([d(true, true, 3), d(true, true, 1), d(true, false, null), d(false, false, null), d(false, true, 2)]);
    expect(cell).toMatchObject({ tried: 3, caught: 2, medianS: 2, cleanTried: 2, cleanFlagged: 1 });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
    const table = formatMatrix([{ bug: 'local-reads', sim: cell, real: null }]);
    expect(table).toContain('| `local-reads` |');
    expect(table).toContain('2/3; clean 1/2 flagged');
    expect(table).toContain('2.00 s');
  });
});
