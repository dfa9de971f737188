// The subject seam end to end with a second subject: the single-register reference system
// (src/subjects/single-register) runs a whole `run` under partitions through the same runner, with
// a checked verdict; its missing abilities are refused up front; the invariant checker, whose input
// it cannot give, is reported not applicable, never valid.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runTest } from '../../src/control/runner/run.js';
import { RUN_DEFAULTS, type RunOptions } from '../../src/control/runner/run-options.js';
import { isAlive } from '../../src/subjects/process/reaper.js';
import { UsageError } from '../../src/util/exit-codes.js';
import { checkMain } from '../../src/commands/check.js';

const dirs: string[] = [];
afterEach(() => {
  delete process.env.SINGLE_REGISTER_BUG;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function options(over: Partial<RunOptions>): RunOptions {
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'single-register-'));
  dirs.push(resultsDir);
  return { ...RUN_DEFAULTS, subject: 'single-register', seed: 5, bugs: [], resultsDir, timeLimitS: 5, recoveryS: 5, nodes: 3, rate: 60, concurrency: 3, ...over };
}

const sink = () => {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text, isTTY: false as const };
};

describe('the single-register subject through the runner', () => {
  it('runs a partitioned run end to end: linearizability checked valid, invariants not applicable, report says so', async () => {
    const out = sink();
    const o = options({ nemesis: 'partition', nemesisIntervalS: 0.8 });
    const outcome = await runTest(o, { out });
    const h = outcome.history;
    const faults = h.filter((r) => r.process === 'nemesis' && r.type === 'info').map((r) => r.f);
    expect(faults).toContain('start-partition');
    expect(faults).toContain('heal-all');
    const results = JSON.parse(fs.readFileSync(outcome.run.resultsFile, 'utf8')) as {
      valid: unknown;
      checkers: { linearizability: { valid: unknown; operations: number }; invariants: { valid: unknown; reason: string } };
    };
    expect(results.checkers.linearizability.valid).toBe(true);
    expect(results.checkers.linearizability.operations).toBeGreaterThan(50);
    expect(results.checkers.invariants.valid).toBe('not-applicable');
    expect(results.checkers.invariants.reason).toMatch(/single-register keeps no event log/);
    expect(results.valid).toBe(true);
    expect(out.text()).toMatch(/invariants\s+N\/A\s+not applicable/);
    expect(out.text()).toMatch(/verdict: VALID \(exit 0\)/);
    const test = JSON.parse(fs.readFileSync(outcome.run.testFile, 'utf8')) as { subject: string; command: string };
    expect(test.subject).toBe('single-register');
    expect(test.command).toMatch(/^npx raft-chaos run --subject single-register /);
    const page = fs.readFileSync(path.join(outcome.run.dir, 'index.html'), 'utf8');
    expect(page).toMatch(/invariants <span class="pill pill-none">Not applicable/);
    // `check RUN_DIR` re-checks the stored run the same way.
    const checked = sink();
    expect(await checkMain({ target: outcome.run.dir }, { out: checked, err: sink() })).toBe(0);
    expect(checked.text()).toMatch(/^ {2}invariants +N\/A +not applicable: subject single-register keeps no event log/m);
    expect(checked.text()).toMatch(/^ {2}linearizability +VALID /m);
    // Partitions cut forwarding nodes off the primary: some requests went unanswered (info).
    expect(h.some((r) => r.type === 'info' && r.process !== 'nemesis')).toBe(true);
    for (const pid of outcome.pids) expect(isAlive(pid)).toBe(false);
  });

  it('the same runner catches a broken subject: stale reads are not linearizable', async () => {
    process.env.SINGLE_REGISTER_BUG = 'stale-reads';
    const outcome = await runTest(options({ nemesis: 'none', timeLimitS: 4 }), { out: sink(), renderReport: null });
    expect(outcome.results.checkers.linearizability.valid).toBe(false);
    expect(outcome.valid).toBe(false);
    for (const pid of outcome.pids) expect(isAlive(pid)).toBe(false);
  });

  it('refuses a nemesis or option the subject cannot do before anything starts', async () => {
    const o = options({ nemesis: 'partition,clock' });
    await expect(runTest(o, { out: sink() })).rejects.toThrow(UsageError);
    await expect(runTest(o, { out: sink() })).rejects.toThrow(
      'subject single-register has no clock ability, so it cannot run --nemesis partition,clock; use --nemesis partition,crash,pause (or a part of it) instead',
    );
    await expect(runTest(options({ readMode: 'local' }), { out: sink() })).rejects.toThrow(/does not honour --read-mode local/);
    expect(fs.readdirSync(o.resultsDir)).toEqual([]);
  });

  it('the CLI lists both subjects with their abilities and refuses with exit 254 and one line', async () => {
    const cli = path.resolve('dist/src/cli.js');
    const listed = await execa(process.execPath, [cli, 'subjects'], { reject: false });
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/^raft-chaos\s+abilities: client, kill, pause, clock, status, event-log /m);
    expect(listed.stdout).toMatch(/^single-register\s+abilities: client, kill, pause /m);
    const refused = await execa(process.execPath, [cli, 'run', '--subject', 'single-register', '--nemesis', 'clock'], { reject: false });
    expect(refused.exitCode).toBe(254);
    expect(refused.stderr.split('\n')[0]).toBe(
      'raft-chaos: subject single-register has no clock ability, so it cannot run --nemesis clock; use --nemesis partition,crash,pause (or a part of it) instead',
    );
  });
});
