// Real lab-go runs: the team's correct lab Raft is valid under partition, crash and pause; a Raft
// that persists nothing is caught by term-monotonic across a crash; a self-deadlock and a panic
// are reported as the adapter's findings, naming the node. The mistakes that need a lucky fault
// (a vote without the up-to-date check, applying beyond the commit index) are in the matrix
// (scripts/lab-go-matrix.ts) and here only with RAFT_CHAOS_LAB_ALL=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLabCommand } from '../../src/commands/lab-go.js';
import { runLabGo, type LabRunOptions } from '../../src/control/lab-go-run.js';
import { trackedChildren } from '../../src/subjects/process/reaper.js';
import { GO_AVAILABLE } from '../subjects/lab-go/go-available.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/lab-go/generated');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-e2e-'));
afterAll(() => fs.rmSync(resultsDir, { recursive: true, force: true }));
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

function options(fixture: string, nemesis: LabRunOptions['nemesis'], seed: number, timeLimitS: number): LabRunOptions {
  return { labDir: path.join(FIXTURES, fixture), nodes: 3, timeLimitS, concurrency: 3, rate: 30, nemesis, nemesisIntervalS: 2, seed, resultsDir, opTimeoutMs: 1000, recoveryS: 10, report: false };
}

async function run(fixture: string, nemesis: LabRunOptions['nemesis'], seed = 1, timeLimitS = 8) {
  const outcome = await runLabGo(options(fixture, nemesis, seed, timeLimitS), quiet);
  expect(trackedChildren().size, 'every node process is gone').toBe(0);
  console.log(`${fixture} ${nemesis.join(',') || 'none'} seed ${seed}: ${String(outcome.valid)} (replay: npx raft-chaos run --subject lab-go --lab-raft ${path.join('test/fixtures/lab-go/generated', fixture)} --nemesis ${nemesis.join(',') || 'none'} --nodes 3 --time-limit ${timeLimitS} --nemesis-interval 2 --seed ${seed})`);
  return outcome;
}

describe.skipIf(!GO_AVAILABLE)('lab-go runs', () => {
  it('the correct lab Raft (6.5840, Persister.Save) is valid under partition, crash and pause', async () => {
    const o = await run('6.5840/correct', ['partition', 'crash', 'pause'], 3);
    expect(o.results.checkers.linearizability.valid).toBe(true);
    expect(o.results.checkers.invariants.valid).toBe(true);
    expect(o.results.checkers.lab.findings).toEqual([]);
    expect(o.history.filter((op) => op.type === 'ok').length).toBeGreaterThan(20);
    expect(o.history.some((op) => op.process === 'nemesis' && op.f !== 'heal-all')).toBe(true);
    expect(o.valid).toBe(true);
  }, 180_000);

  it('a lab Raft that persists nothing (6.824) is caught by term-monotonic across a crash', async () => {
    const o = await run('6.824/no-persist', ['crash'], 1);
    expect(o.valid).toBe(false);
    const inv = o.results.checkers.invariants;
    expect('violations' in inv && inv.violations.some((v) => v.invariant === 'term-monotonic' && v.certain && /restarted in term 0/.test(v.message))).toBe(true);
  }, 180_000);

  it('a self-deadlock is a finding naming the node, with its goroutine dump kept', async () => {
    const o = await run('misbehaving/deadlock', [], 1);
    expect(o.valid).toBe(false);
    const deadlocks = o.results.checkers.lab.findings.filter((f) => f.kind === 'deadlock');
    expect(deadlocks.length).toBeGreaterThan(0);
    expect(deadlocks[0]!.message).toMatch(/^node \d: GetState\(\) did not return within/);
    expect(deadlocks[0]!.stack).toMatch(/goroutine \d+/);
    const stderr = fs.readFileSync(path.join(o.run.nodesDir, `n${deadlocks[0]!.node}`, 'stderr.log'), 'utf8');
    expect(stderr).toMatch(/DEADLOCK[\s\S]*AppendEntries/);
  }, 180_000);

  it('a panic is a finding with its first line and stack', async () => {
    const o = await run('misbehaving/panic', [], 1);
    expect(o.valid).toBe(false);
    const panics = o.results.checkers.lab.findings.filter((f) => f.kind === 'panic');
    expect(panics.length).toBeGreaterThan(0);
    expect(panics[0]!.message).toMatch(/crashed by itself: panic: runtime error: index out of range/);
    expect(panics[0]!.stack).toMatch(/raft\.\(\*Raft\)\.Start/);
  }, 180_000);

  it('a folder that does not compile ends the run with exit 254 and no run directory', async () => {
    const before = fs.readdirSync(resultsDir).length;
    const args = { 'lab-raft': path.join(FIXTURES, 'refused/does-not-compile'), nemesis: 'partition', nodes: 3, 'time-limit': 5, concurrency: 2, rate: 10, 'nemesis-interval': 2, 'results-dir': resultsDir, 'op-timeout': 1000, recovery: 5, workload: 'register', bug: [], report: false };
    expect(await runLabCommand(args, [])).toBe(254);
    expect(fs.readdirSync(resultsDir).length).toBe(before);
  }, 180_000);

  describe.skipIf(process.env['RAFT_CHAOS_LAB_ALL'] !== '1')('mistakes that need a lucky fault (RAFT_CHAOS_LAB_ALL=1)', () => {
    it.each(['vote-without-up-to-date', 'apply-beyond-commit'])('6.824/%s is caught within 3 seeds of partition,crash', async (mistake) => {
      let caught = false;
      for (let seed = 1; seed <= 3 && !caught; seed++) caught = (await run(`6.824/${mistake}`, ['partition', 'crash'], seed, 20)).valid === false;
      expect(caught).toBe(true);
    }, 600_000);
  });
});
