// The runner's phases against fake node processes (test/control/helpers/fake-node-main.ts): what is
// recorded, what is written, and the clear failure when a node dies at start. Real runs are in
// test/e2e.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTest, RunToolError } from '../../src/control/runner/run.js';
import { RUN_DEFAULTS, type RunOptions } from '../../src/control/runner/run-options.js';
import { isAlive } from '../../src/subjects/process/reaper.js';
import { UsageError } from '../../src/util/exit-codes.js';
import { shellWords } from '../helpers/shell-words.js';

const FAKE = { file: process.execPath, args: ['--import', 'tsx', path.resolve('test/control/helpers/fake-node-main.ts')] };
const dirs: string[] = [];
afterEach(() => {
  delete process.env.FAKE_NODE_MODE;
  delete process.env.FAKE_NODE_ONLY;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function options(over: Partial<RunOptions>): RunOptions {
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-test-'));
  dirs.push(resultsDir);
  return { ...RUN_DEFAULTS, seed: 9, bugs: [], resultsDir, timeLimitS: 2, recoveryS: 2, nodes: 3, ...over };
}

const sink = () => {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text, isTTY: false as const };
};

describe('runTest (fake nodes)', () => {
  it('records client ops, nemesis actions, heal-all and final reads; writes test.json and results.json', async () => {
    const out = sink();
    const o = options({ nemesis: 'partition', nemesisIntervalS: 0.5, rate: 50 });
    const outcome = await runTest(o, { out, command: FAKE, renderReport: null });
    const h = outcome.history;
    expect(h.filter((r) => r.type === 'ok' && r.process !== 'nemesis').length).toBeGreaterThan(20);
    const nemesis = h.filter((r) => r.process === 'nemesis' && r.type === 'info').map((r) => r.f);
    expect(nemesis).toContain('start-partition');
    expect(nemesis).toContain('stop-partition');
    const healAt = h.findIndex((r) => r.f === 'heal-all' && r.type === 'info');
    expect(healAt).toBeGreaterThan(0);
    // The final read comes after the heal.
    expect(h.slice(healAt).some((r) => r.type === 'ok' && r.f === 'read' && r.key === 'r')).toBe(true);
    const test = JSON.parse(fs.readFileSync(outcome.run.testFile, 'utf8')) as { seed: number; argv: string[]; command: string };
    expect(test.seed).toBe(9);
    expect(test.argv).toContain('--seed');
    expect(test.command).toMatch(/^npx raft-chaos run .*--seed 9/);
    const results = JSON.parse(fs.readFileSync(outcome.run.resultsFile, 'utf8')) as { valid: unknown; run: { ops: { ok: number } } };
    expect(results.valid).toBe(outcome.valid);
    expect(results.run.ops.ok).toBeGreaterThan(0);
    expect(fs.realpathSync(path.join(o.resultsDir, 'latest'))).toBe(fs.realpathSync(outcome.run.dir));
    expect(out.text()).toMatch(/verdict: (VALID|INVALID|UNKNOWN) \(exit [012]\)/);
    for (const pid of outcome.pids) expect(isAlive(pid)).toBe(false);
  });

  it('the same seed draws the same client values and fault shapes', async () => {
    const shape = async () => {
      const outcome = await runTest(options({ nemesis: 'partition', nemesisIntervalS: 0.4, rate: 40, concurrency: 1 }), {
        out: sink(),
        command: FAKE,
        renderReport: null,
      });
      return {
        faults: outcome.history.filter((r) => r.process === 'nemesis' && r.type === 'invoke').map((r) => JSON.stringify(r.value)),
        values: outcome.history.filter((r) => r.type === 'invoke' && r.process === 0).map((r) => `${r.f}:${JSON.stringify(r.value)}`),
      };
    };
    const a = await shape();
    const b = await shape();
    const n = Math.min(a.faults.length, b.faults.length) - 1; // the last may race the time limit
    expect(n).toBeGreaterThan(1);
    expect(a.faults.slice(0, n)).toEqual(b.faults.slice(0, n));
    const m = Math.min(a.values.length, b.values.length) - 1;
    expect(m).toBeGreaterThan(10);
    expect(a.values.slice(0, m)).toEqual(b.values.slice(0, m));
  });

  it('a node that dies at start: one error naming it and its stderr; nothing left running', async () => {
    process.env.FAKE_NODE_MODE = 'die-at-start';
    process.env.FAKE_NODE_ONLY = '2';
    const o = options({});
    const err = await runTest(o, { out: sink(), command: FAKE, renderReport: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunToolError);
    expect((err as Error).message).toMatch(/node n2 exited before it was ready/);
    expect((err as Error).message).toMatch(/cannot open data dir \(simulated\)/);
    const run = (err as RunToolError).run;
    expect(JSON.parse(fs.readFileSync(run.resultsFile, 'utf8'))).toMatchObject({ valid: 'unknown' });
    const pids = fs
      .readdirSync(run.nodesDir)
      .flatMap((n) => fs.readFileSync(path.join(run.nodesDir, n, 'stdout.log'), 'utf8').split('\n'))
      .filter((l) => l.startsWith('READY '))
      .map((l) => (JSON.parse(l.slice(6)) as { pid: number }).pid);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('the replay command on stdout, in the summary and in test.json survives a shell: a results dir with a space and a quote', async () => {
    const o0 = options({ timeLimitS: 1 });
    const o = { ...o0, resultsDir: path.join(o0.resultsDir, "two words, it's") };
    const out = sink();
    const outcome = await runTest(o, { out, command: FAKE, renderReport: null });
    const test = JSON.parse(fs.readFileSync(outcome.run.testFile, 'utf8')) as { argv: string[]; command: string };
    expect(test.argv).toContain(o.resultsDir);
    expect(shellWords(test.command)).toEqual(['npx', 'raft-chaos', ...test.argv]);
    const printed = [...out.text().matchAll(/replay: +(npx raft-chaos .*)$/gm)].map((m) => m[1] as string);
    expect(printed).toHaveLength(2); // the first lines and the summary
    for (const command of printed) expect(shellWords(command)).toEqual(['npx', 'raft-chaos', ...test.argv]);
  });

  it('bad options are a UsageError before anything starts', async () => {
    const o = options({ nodes: 12 });
    await expect(runTest(o, { out: sink(), command: FAKE })).rejects.toThrow(UsageError);
    expect(fs.readdirSync(o.resultsDir)).toEqual([]);
  });
});
