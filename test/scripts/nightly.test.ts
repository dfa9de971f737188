// The nightly script's pure parts: --budget, the moving seed range, the plan, the summary pages.
import { describe, expect, it } from 'vitest';
import { parseBudgetMs } from '../../scripts/nightly/budget.js';
import { jobArgs, planJobs, replayCommand } from '../../scripts/nightly/plan.js';
import { nightlySeedRange, parseNight, parseSeedRange, rangeText, seedsOf } from '../../scripts/nightly/seed-range.js';
import { readSimAnswer, simArgs } from '../../scripts/nightly/sim-cell.js';
import { countVerdicts, nightlyCellProblem, nightlyExitCode, renderSummaryHtml, renderSummaryMarkdown, verdictOf } from '../../scripts/nightly/summary.js';
import type { NightlyPlan, NightlyRun } from '../../scripts/nightly/summary.js';

const quote = (s: string): string => JSON.stringify(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('nightly --budget', () => {
  it('accepts durations and sums compound ones', () => {
    expect(parseBudgetMs('10m')).toBe(600_000);
    expect(parseBudgetMs('90s')).toBe(90_000);
    expect(parseBudgetMs('1h30m')).toBe(5_400_000);
  });
  it.each(['', '10', '5x', '-3m', '10m junk', '10s', '25h'])('rejects %j naming the value', (bad) => {
    expect(() => parseBudgetMs(bad)).toThrow(new RegExp(`--budget must .*${quote(bad)}`));
  });
});

describe('nightly seed range', () => {
  it('moves every night to seeds no night tried, adjacent to the previous night', () => {
    const a = nightlySeedRange(new Date('2026-12-02T02:17:00Z'), 1000);
    const b = nightlySeedRange(new Date('2026-12-03T23:59:59Z'), 1000);
    expect(a).toEqual({ first: 20_789_000, count: 1000, source: 'night 2026-12-02' });
    expect(b.first).toBe(a.first + a.count);
    // Any time of the same UTC day gives the same range.
    expect(nightlySeedRange(new Date('2026-12-02T23:59:59.999Z'), 1000)).toEqual(a);
    expect(nightlySeedRange(parseNight('2026-12-02'), 1000)).toEqual(a);
    expect(rangeText(a)).toBe('20789000..20789999');
  });
  it('is overridden by --seeds FIRST..LAST, both ends included', () => {
    const r = parseSeedRange('7..10');
    expect(seedsOf(r)).toEqual([7, 8, 9, 10]);
    expect(r.source).toBe('--seeds');
  });
  it.each(['', '7', '10..7', '1..', 'a..b', '-1..3', '1..2000000'])('refuses --seeds %j naming it', (bad) => {
    expect(() => parseSeedRange(bad)).toThrow(new RegExp(`--seeds must .*${quote(bad)}`));
  });
  it.each(['2026-13-01', '2026-02-30', 'yesterday', '20261202'])('refuses --date %j naming it', (bad) => {
    expect(() => parseNight(bad)).toThrow(new RegExp(`--date must .*${quote(bad)}`));
  });
  it('refuses a --seed-count out of range', () => {
    expect(() => nightlySeedRange(new Date(), 0)).toThrow(/--seed-count must .*0/);
  });
});

describe('nightly plan', () => {
  const real = { workloads: ['register', 'multi-register'], nemeses: ['none', 'partition'], seeds: 1, timeLimitS: 5, recoveryS: 5 };
  const plan = planJobs({ seeds: [7, 8, 9], simTime: '30s', real });

  it('has one simulated cell per seed, then the real runs of the first seeds', () => {
    expect(plan.filter((j) => j.kind === 'sim').map((j) => j.seed)).toEqual([7, 8, 9]);
    expect(plan.slice(0, 3).every((j) => j.kind === 'sim')).toBe(true);
    const reals = plan.filter((j) => j.kind === 'real');
    expect(reals).toHaveLength(4);
    expect(new Set(reals.map((j) => j.seed))).toEqual(new Set([7]));
    expect(new Set(plan.map((j) => j.id)).size).toBe(plan.length);
    expect(planJobs({ seeds: [7, 8], simTime: '30s', real: null }).every((j) => j.kind === 'sim')).toBe(true);
  });

  it('runs a seed through the one sim invocation, and builds replayable commands', () => {
    const sim = plan.find((j) => j.kind === 'sim' && j.seed === 8)!;
    expect(jobArgs(sim, 'x')).toEqual(simArgs(8, { simTime: '30s', bugs: [] }));
    expect(replayCommand(sim, 'x')).toBe('node dist/src/cli.js sim --seed 8 --time 30s');
    const withBug = planJobs({ seeds: [3], simTime: '2s', real: null, bugs: ['local-reads'] })[0]!;
    expect(jobArgs(withBug, 'x')).toEqual(['sim', '--seed', '3', '--time', '2s', '--bug', 'local-reads', '--json']);
    const r = plan.find((j) => j.kind === 'real' && j.nemesis === 'partition')!;
    expect(jobArgs(r, 'results/n/runs')).toEqual(expect.arrayContaining(['run', '--seed', '7', '--nemesis', 'partition', '--results-dir', 'results/n/runs']));
  });

  it("reads the simulator's answer and its own replay command", () => {
    const out = 'noise\n{"ok":false,"seed":3,"replay":"npx raft-chaos sim --seed 3 --nodes 5","failures":["term-monotonic: x"]}\n';
    expect(readSimAnswer(out)).toEqual({ failures: ['term-monotonic: x'], replay: 'npx raft-chaos sim --seed 3 --nodes 5' });
    expect(readSimAnswer('crashed\n')).toBeNull();
  });
});

describe('nightly summary', () => {
  const run = (verdict: NightlyRun['verdict'], id: string, index: number): NightlyRun => ({
    index,
    id,
    kind: 'sim',
    workload: 'built-in mix',
    nemesis: 'bad day (seed)',
    seed: index,
    verdict,
    exitCode: null,
    wallMs: 1000,
    replay: `npx raft-chaos sim --seed ${index} <${id}>`,
    output: null,
    problems: verdict === 'valid' ? [] : ['linearizability: false'],
  });
  const plan: NightlyPlan = {
    command: 'npm run nightly -- --budget 1m --seeds 1..3 --sim-time 2s --sim-only',
    cellIds: ['ok-1', 'bad-1', 'late-1'],
    seedRange: { first: 1, count: 3, source: '--seeds' },
    simTime: '2s',
    bugs: [],
    real: null,
    budgetMs: 60_000,
  };
  const runs = [run('valid', 'ok-1', 0), run('invalid', 'bad-1', 1), run('skipped', 'late-1', 2)];
  const page = { title: 'nightly x', plan, shards: [{ shard: { index: 1, count: 1 }, execution: { command: 'c', startedAt: 't', elapsedMs: 1000, complete: true } }], runs };

  it('maps exit codes to verdicts as Jepsen does, and a night to its exit code', () => {
    expect([0, 1, 2, 255, null].map(verdictOf)).toEqual(['valid', 'invalid', 'unknown', 'tool-failed', 'tool-failed']);
    expect(nightlyExitCode(runs)).toBe(1);
    expect(nightlyExitCode([run('valid', 'a', 0), run('tool-failed', 'b', 1)])).toBe(255);
    expect(nightlyExitCode([run('valid', 'a', 0), run('skipped', 'b', 1)])).toBe(0);
    expect(countVerdicts(runs)).toMatchObject({ valid: 1, invalid: 1, skipped: 1 });
  });

  it('lists the failed runs first, each with its escaped replay command', () => {
    const html = renderSummaryHtml(page);
    const failedAt = html.indexOf('Failed runs (1)');
    expect(failedAt).toBeGreaterThan(-1);
    expect(html.indexOf('&lt;bad-1&gt;')).toBeGreaterThan(failedAt);
    expect(html.indexOf('&lt;bad-1&gt;')).toBeLessThan(html.indexOf('Valid and skipped runs (2)'));
    expect(html).not.toContain('<bad-1>');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('writes the failed seeds and their replay commands as markdown', () => {
    const md = renderSummaryMarkdown(page);
    expect(md).toContain('## Failed runs (1)');
    expect(md).toContain('- **invalid** sim seed 1 (bad-1): `npx raft-chaos sim --seed 1 <bad-1>`');
    expect(md).toContain('1 skipped (no time left)');
    expect(md).not.toContain('ok-1)');
  });

  it("checks a recorded cell's fields", () => {
    expect(nightlyCellProblem({ ...runs[0]! })).toBeNull();
    expect(nightlyCellProblem({ ...runs[0]!, verdict: 'fine' })).toMatch(/verdict "fine"/);
    const { replay: _replay, ...noReplay } = runs[0]!;
    expect(nightlyCellProblem(noReplay)).toMatch(/no "replay"/);
  });
});
