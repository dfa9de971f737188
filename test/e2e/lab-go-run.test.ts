// Real lab-go runs through the seam's runner (runTest): the team's correct lab Raft is valid under
// partition, crash and pause, with the 2D tester's snapshots every 10 applied commands; a Raft that
// sends on applyCh holding rf.mu deadlocks once the applyCh reader calls rf.Snapshot; a Raft that persists nothing is caught by term-monotonic across a
// crash; a self-deadlock and a panic are findings naming the node; a Raft whose election timer is
// reset by any message is caught by the stale-leader scenario and by lab-go's partition,crash,
// whose every step is a nemesis op of the history. The other mistakes (a vote without the
// up-to-date check, applying beyond the commit index, a follower's commitIndex not capped at its
// last new entry) are in the matrix (scripts/lab-go-matrix.ts) and here only with
// RAFT_CHAOS_LAB_ALL=1.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labRun, runLabGo, type LabFlags } from '../../src/commands/lab-go.js';
import { raftChaosCommand } from '../../src/history/shell-quote.js';
import { reproduceArgv, RUN_DEFAULTS, type RunOptions } from '../../src/control/runner/run-options.js';
import { isAlive } from '../../src/subjects/process/reaper.js';
import type { RunOutcome } from '../../src/control/runner/run.js';
import { recheckStoredRun } from '../../src/control/checks/recheck-run.js';
import { GO_AVAILABLE } from '../subjects/lab-go/go-available.js';
import { e2eOptions, survivors, tempResultsDir } from './helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/lab-go/generated');
const resultsDir = tempResultsDir('lab-go');
afterAll(() => fs.rmSync(resultsDir, { recursive: true, force: true }));
const quiet = { write: () => true };

interface Findings {
  readonly valid: boolean;
  readonly findings: readonly { kind: string; node: number; message: string; stack?: string }[];
}

async function run(fixture: string, nemesis: string, seed = 1, timeLimitS = 8, extra: Partial<LabFlags> = {}, nodes = 3, scenario?: string, over: Partial<RunOptions> = {}): Promise<RunOutcome> {
  const options = e2eOptions(resultsDir, { nemesis, nodes, seed, timeLimitS, concurrency: 3, rate: 30, nemesisIntervalS: 2, opTimeoutMs: 1000, ...(scenario !== undefined ? { scenario } : {}), ...over });
  const flags: LabFlags = { 'lab-raft': path.join(FIXTURES, fixture), ...extra };
  const outcome = await runLabGo(flags, options, { out: quiet, renderReport: null });
  expect(await survivors(outcome.pids), 'every node process is gone').toEqual([]);
  expect(outcome.pids.filter(isAlive)).toEqual([]);
  // The replay of `raft-chaos run`, with the lab flags as the CLI keeps them and the folder relative.
  const replay = raftChaosCommand(reproduceArgv(labRun({ ...flags, 'lab-raft': path.join('test/fixtures/lab-go/generated', fixture) }, options).options));
  console.log(`${fixture} ${nemesis} seed ${seed}: ${String(outcome.valid)} (replay: ${replay})`);
  return outcome;
}

const findingsOf = (o: RunOutcome): Findings => o.results.checkers.findings as unknown as Findings;

describe.skipIf(!GO_AVAILABLE)('lab-go runs', () => {
  it('the correct lab Raft (6.5840, Persister.Save) is valid under partition, crash and pause, snapshots every 10', async () => {
    const o = await run('6.5840/correct', 'partition,crash,pause', 3, 8, { 'lab-snapshot-every': 10 });
    const snapshots = [1, 2, 3].flatMap((id) =>
      fs
        .readFileSync(path.join(o.run.nodesDir, `n${id}`, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { kind: string; lastIndex?: number; installed?: boolean })
        .filter((e) => e.kind === 'snapshot'),
    );
    // rf.Snapshot after indexes 9, 19, ... (the tester's (i + 1) % 10 == 0).
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.every((e) => e.installed === false && (e.lastIndex! + 1) % 10 === 0)).toBe(true);
    expect(o.results.checkers.linearizability.valid).toBe(true);
    expect(o.results.checkers.invariants.valid).toBe(true);
    expect(findingsOf(o)).toMatchObject({ valid: true, findings: [] });
    expect(o.history.filter((op) => op.type === 'ok').length).toBeGreaterThan(20);
    expect(o.history.some((op) => op.process === 'nemesis' && op.f !== 'heal-all')).toBe(true);
    const inv = o.results.checkers.invariants as { notApplicable?: Record<string, string>; checked?: string[] };
    expect(Object.keys(inv.notApplicable ?? {})).toEqual(expect.arrayContaining(['vote-once', 'log-matching', 'apply-committed']));
    expect(inv.checked).toEqual(expect.arrayContaining(['election-safety', 'term-monotonic', 'state-machine-safety', 'apply-order']));
    expect(o.valid).toBe(true);
    const results = JSON.parse(fs.readFileSync(o.run.resultsFile, 'utf8')) as { subject?: { name?: string }; checkers: Record<string, unknown> };
    expect(results.subject?.name).toBe('lab-go');
    expect(Object.keys(results.checkers)).toEqual(['linearizability', 'invariants', 'perf', 'findings']);
    // `raft-chaos check` of the stored run leaves out the same invariants.
    const again = await recheckStoredRun(o.run.dir);
    expect(again?.invariants.valid).toBe(true);
    expect(Object.keys((again?.invariants as { notApplicable?: object }).notApplicable ?? {})).toEqual(Object.keys(inv.notApplicable ?? {}));
  }, 180_000);

  // It needs a next entry ready while the reader is in Snapshot: a restarted node catching up has
  // many (with no faults on an idle machine, entries often commit one at a time and it goes on).
  it('a Raft that sends on applyCh holding rf.mu (6.824) deadlocks once the applyCh reader calls rf.Snapshot, as in the 2D tests', async () => {
    const o = await run('6.824/apply-holding-lock', 'crash', 1, 8, { 'lab-snapshot-every': 10 });
    expect(o.valid).toBe(false);
    const deadlocks = findingsOf(o).findings.filter((f) => f.kind === 'deadlock');
    expect(deadlocks.length).toBeGreaterThan(0);
    const dump = fs.readFileSync(path.join(o.run.nodesDir, `n${deadlocks[0]!.node}`, 'goroutines.txt'), 'utf8');
    expect(dump).toMatch(/raft\.\(\*Raft\)\.Snapshot[\s\S]*node\.\(\*Applier\)\.Handle/);
    expect(dump).toMatch(/\[chan send\]:\n[^\n]*raft\.\(\*Raft\)\.applier/);
  }, 180_000);

  it('a lab Raft that persists nothing (6.824) is caught by term-monotonic across a crash', async () => {
    const o = await run('6.824/no-persist', 'crash', 1);
    expect(o.valid).toBe(false);
    const inv = o.results.checkers.invariants;
    expect('violations' in inv && inv.violations.some((v) => v.invariant === 'term-monotonic' && v.certain && /restarted in term 0/.test(v.message))).toBe(true);
  }, 180_000);

  it('a self-deadlock is a finding naming the node, with its goroutine dump kept', async () => {
    const o = await run('misbehaving/deadlock', 'none', 1);
    expect(o.valid).toBe(false);
    const deadlocks = findingsOf(o).findings.filter((f) => f.kind === 'deadlock');
    expect(deadlocks.length).toBeGreaterThan(0);
    expect(deadlocks[0]!.message).toMatch(/^node \d: GetState\(\) did not return within/);
    expect(deadlocks[0]!.stack).toMatch(/goroutine \d+/);
    const stderr = fs.readFileSync(path.join(o.run.nodesDir, `n${deadlocks[0]!.node}`, 'stderr.log'), 'utf8');
    expect(stderr).toMatch(/DEADLOCK[\s\S]*AppendEntries/);
  }, 180_000);

  it('a panic is a finding with its first line and stack', async () => {
    const o = await run('misbehaving/panic', 'none', 1);
    expect(o.valid).toBe(false);
    const panics = findingsOf(o).findings.filter((f) => f.kind === 'panic');
    expect(panics.length).toBeGreaterThan(0);
    expect(panics[0]!.message).toMatch(/crashed by itself: panic: runtime error: index out of range/);
    expect(panics[0]!.stack).toMatch(/raft\.\(\*Raft\)\.Start/);
    // The stack names the student's file, not the build folder.
    expect(panics[0]!.stack).toMatch(/misbehaving\/panic\/raft\.go:\d+/);
  }, 180_000);

  /** The nemesis ops of a run's history (info records), with their resolved values. */
  const nemesisSteps = (o: RunOutcome): { f: string; value: unknown }[] =>
    o.history.filter((op) => op.process === 'nemesis' && op.type === 'info').map((op) => ({ f: op.f, value: op.value }));
  const deafened = (steps: { f: string; value: unknown }[]): boolean =>
    steps.some((st) => {
      const g = (st.value as { grudge?: Record<string, number[]> } | null)?.grudge;
      return st.f === 'start-partition' && g !== undefined && Object.keys(g).length === 1;
    });

  // 20 s: a cycle of the scenario (a new election, a restart, 8 s of stale heartbeats) fits even
  // on a loaded machine, where a restart of a Go node can take seconds.
  it('the election timer reset by any message: --scenario stale-leader leaves a majority leaderless, every step a nemesis op; the correct Raft elects', async () => {
    const broken = await run('6.824/timer-reset-by-any-message', 'none', 1, 20, {}, 3, 'stale-leader');
    const steps = nemesisSteps(broken);
    expect(broken.valid, `the scenario's steps: ${JSON.stringify(steps)}`).toBe(false);
    expect(deafened(steps), 'the old leader was made deaf by a start-partition').toBe(true);
    expect(steps.map((st) => st.f)).toEqual(expect.arrayContaining(['start-partition', 'kill', 'restart', 'heal-all']));
    const stalls = findingsOf(broken).findings.filter((f) => f.kind === 'leaderless-majority');
    expect(stalls.length).toBeGreaterThan(0);
    expect(stalls[0]!.message).toMatch(/no leader for \d+\.\d s .*stale heartbeats/);
    const test = JSON.parse(fs.readFileSync(broken.run.testFile, 'utf8')) as { argv: string[] };
    expect(test.argv.join(' ')).toMatch(/--nemesis none --scenario stale-leader/);
    const correct = await run('6.824/correct', 'none', 1, 20, {}, 3, 'stale-leader');
    expect(findingsOf(correct)).toMatchObject({ valid: true, findings: [] });
    expect(correct.valid).toBe(true);
  }, 300_000);

  it('the election timer reset by any message (6.5840) is caught by --nemesis partition,crash alone', async () => {
    const o = await run('6.5840/timer-reset-by-any-message', 'partition,crash', 1, 20);
    const steps = nemesisSteps(o);
    expect(o.valid, `the nemesis steps: ${JSON.stringify(steps)}`).toBe(false);
    expect(deafened(steps)).toBe(true);
    expect(findingsOf(o).findings.some((f) => f.kind === 'leaderless-majority')).toBe(true);
  }, 300_000);

  it('a folder that does not compile ends the run with exit 254 and no run directory', async () => {
    const before = fs.readdirSync(resultsDir);
    const err = await run('refused/does-not-compile', 'partition').catch((e: unknown) => e);
    expect((err as Error).name).toBe('LabBuildError');
    expect((err as Error).message).toMatch(/does not build: fix these compile errors/);
    expect(fs.readdirSync(resultsDir)).toEqual(before);
  }, 180_000);

  describe.skipIf(process.env['RAFT_CHAOS_LAB_ALL'] !== '1')('mistakes that need a lucky fault (RAFT_CHAOS_LAB_ALL=1)', () => {
    it.each(['vote-without-up-to-date', 'apply-beyond-commit'])('6.824/%s is caught within 3 seeds of partition,crash', async (mistake) => {
      let caught = false;
      for (let seed = 1; seed <= 3 && !caught; seed++) caught = (await run(`6.824/${mistake}`, 'partition,crash', seed, 20)).valid === false;
      expect(caught).toBe(true);
    }, 600_000);

    // The lab's unreliable network with long reordering (its Figure8Unreliable): late replies
    // advance nextIndex again, the leader counts entries a follower does not have, and commits
    // them; the matrix caught it 6/6 by state-machine-safety (3 nodes, 20 s, interval 2 s).
    it('6.824/next-index-double-advance is caught by state-machine-safety under --lab-long-reordering --loss 0.1 --latency 0-27 (within 3 seeds)', async () => {
      let o: RunOutcome | undefined;
      const unreliable: Partial<LabFlags> = { 'lab-long-reordering': true, loss: 0.1, latency: '0-27' };
      for (let seed = 1; seed <= 3 && o?.valid !== false; seed++) o = await run('6.824/next-index-double-advance', 'partition,crash', seed, 20, unreliable);
      const inv = o!.results.checkers.invariants;
      expect('violations' in inv && inv.violations.some((v) => v.invariant === 'state-machine-safety' && v.certain)).toBe(true);
    }, 600_000);

    // With `raft-chaos run`'s defaults (5 nodes, 30 s, interval 5 s, 5 clients at 20 ops/s) the
    // matrix caught 6.5840 3/3 and 6.824 2/3: a follower told to commit past the end of its log
    // panics in its applier, and the cluster does not converge.
    it.each(['6.824', '6.5840'])('%s/commit-not-capped: a follower commits past its log and its applier panics (run defaults, within 3 seeds)', async (mod) => {
      const defaults = { concurrency: RUN_DEFAULTS.concurrency, rate: RUN_DEFAULTS.rate, nemesisIntervalS: RUN_DEFAULTS.nemesisIntervalS };
      let o: RunOutcome | undefined;
      for (let seed = 1; seed <= 3 && o?.valid !== false; seed++) o = await run(`${mod}/commit-not-capped`, 'partition,crash', seed, RUN_DEFAULTS.timeLimitS, {}, RUN_DEFAULTS.nodes, undefined, defaults);
      expect(o?.valid).toBe(false);
      const panics = findingsOf(o!).findings.filter((f) => f.kind === 'panic');
      expect(panics.length).toBeGreaterThan(0);
      expect(panics[0]!.message).toMatch(/index out of range/);
      expect(panics[0]!.stack).toMatch(/raft\.\(\*Raft\)\.applier/);
    }, 900_000);
  });
});
