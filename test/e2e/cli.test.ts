// The `raft-chaos run` command as a user runs it (compiled CLI): bad arguments exit 254 with one
// line naming the flag; Ctrl-C stops a run cleanly, keeps and checks what was recorded, and leaves
// no node process behind.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, nodePidsOf, survivors, tempResultsDir } from './helpers.js';

const CLI = path.resolve('dist/src/cli.js');
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('raft-chaos run: arguments', () => {
  const cases: [string[], RegExp][] = [
    [['--nodes', '2'], /--nodes must be an integer from 3 to 9, got 2/],
    [['--nodes', '10'], /--nodes must be an integer from 3 to 9/],
    [['--workload', 'bank'], /--workload must be one of register, multi-register, lin-kv, got "bank"/],
    [['--nemesis', 'partition,chaos'], /--nemesis: unknown nemesis "chaos"; accepted: none, partition/],
    [['--read-mode', 'lease-ish'], /--read-mode must be one of log, read-index, lease, local, got "lease-ish"/],
    [['--rate', '-1'], /--rate must be a number of operations per second/],
    [['--time-limit', '0'], /--time-limit must be a number of seconds from 1/],
    [['--concurrency', '1.5'], /--concurrency must be an integer/],
    [['--bug', 'no-such-bug'], /--bug must be one of/],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(' ')} -> exit 254`, async () => {
      const dir = tempResultsDir('args');
      dirs.push(dir);
      const r = await cli(['run', ...args, '--results-dir', dir]);
      expect(r.code, r.stderr).toBe(254);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(fs.readdirSync(dir)).toEqual([]); // nothing started, nothing written
    });
  }

  it('--help lists the nemeses and marks local reads unsafe', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/partition/);
    expect(r.stdout).toMatch(/UNSAFE/);
  });
});

describe('raft-chaos run: Ctrl-C', () => {
  it('SIGINT stops the run, checks what was recorded, leaves no process', async () => {
    const dir = tempResultsDir('sigint');
    dirs.push(dir);
    const child = spawn(process.execPath, [CLI, 'run', '--nodes', '3', '--time-limit', '60', '--nemesis', 'partition', '--nemesis-interval', '1', '--results-dir', dir, '--no-report', '--seed', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/\[run\]/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2500));
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    const runDir = fs.realpathSync(path.join(dir, 'latest'));
    const pids = nodePidsOf(runDir);
    const alive = await survivors(pids);
    killAll(alive);
    expect(alive).toEqual([]);
    expect(pids.length).toBe(3);
    expect(Date.now() - interruptedAt).toBeLessThan(20_000);
    expect(stdout).toMatch(/SIGINT: stopping clients/);
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { valid: unknown; run: { interrupted: boolean } };
    expect(results.run.interrupted).toBe(true);
    expect([0, 1, 2]).toContain(code);
    const history = fs.readFileSync(path.join(runDir, 'history.jsonl'), 'utf8').trim().split('\n');
    expect(history.length).toBeGreaterThan(10);
    expect(history.at(-1)).toMatch(/"heal-all"/);
  });
});
