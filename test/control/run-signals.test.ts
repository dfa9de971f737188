// Signals that reach a run once its nodes are stopped (checking, writing the page): the run keeps
// its handlers, so a first signal lets it finish and a second one gives up without losing
// results.json. Fake nodes; real runs are in test/e2e/signals.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function signalledRun(signalsAfterRenderStartsMs: number[]): Promise<{ code: number | null; signal: string | null; out: string; results: { valid: unknown } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-signals-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/control/helpers/signalled-run.ts', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  pids.push(child.pid as number);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 45_000;
  while (!out.includes('RENDERING') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(out).toContain('RENDERING');
  let at = 0;
  for (const ms of signalsAfterRenderStartsMs) {
    await new Promise((r) => setTimeout(r, ms - at));
    at = ms;
    child.kill('SIGINT');
  }
  const { code, signal } = await exited;
  const runDir = fs.realpathSync(path.join(dir, 'latest'));
  return { code, signal, out, results: JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { valid: unknown } };
}

describe('signals after the nodes are stopped', () => {
  it('one SIGINT while the page renders: the run finishes and exits with its verdict', async () => {
    const r = await signalledRun([200]);
    expect(r.signal, r.out).toBeNull();
    expect(r.out).toMatch(/SIGINT: the nodes are stopped; finishing the check/);
    expect(r.code).toBe(r.results.valid === true ? 0 : r.results.valid === false ? 1 : 2);
    expect(r.out).toMatch(/verdict: /);
  });

  it('a second SIGINT more than a second later gives up: exit 255, the checked results.json kept', async () => {
    const r = await signalledRun([200, 1500]);
    expect(r.signal, r.out).toBeNull();
    expect(r.code).toBe(255);
    expect(r.out).toMatch(/SIGINT again: giving up the check/);
    expect(r.results.valid).not.toBeUndefined();
    expect((r.results as { checkers?: Record<string, unknown> }).checkers?.['linearizability']).toBeDefined();
  });
});
