// Signals to a real `raft-chaos run` (compiled CLI, in its own session as under setsid):
// - an interrupted healthy run is VALID: the skipped recovery makes liveness not applicable;
// - timeout(1) delivers its SIGTERM twice (to the process, then to its group): one graceful stop,
//   results.json and the page written (with timeout itself, and with the two signals 0.2 s apart);
// - a second signal later on kills the nodes at once and still writes results.json and the page;
// - a SIGKILL of the controller while a node is SIGSTOPped leaves no node and no reaper behind.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, nodePidsOf, tempResultsDir } from './helpers.js';

const CLI = path.resolve('dist/src/cli.js');
const dirs: string[] = [];
const started: number[] = [];
afterEach(() => {
  // Every process a test started, nodes included, whatever happened (SIGKILL ends stopped ones too).
  killAll(started.splice(0));
  for (const d of dirs) for (const run of runDirs(d)) killAll(nodePidsOf(run));
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function runDirs(resultsDir: string): string[] {
  if (!fs.existsSync(resultsDir)) return [];
  return fs
    .readdirSync(resultsDir)
    .filter((n) => n !== 'latest')
    .map((n) => path.join(resultsDir, n))
    .filter((p) => fs.statSync(p).isDirectory());
}

/** State letter of /proc/<pid>/stat (R, S, T, Z, ...), or null when there is no such process. */
function procState(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** Running or stopped; a zombie waiting for init to reap it is gone. */
const present = (pid: number): boolean => {
  const state = procState(pid);
  return state !== null && state !== 'Z' && state !== 'X';
};

async function until(what: string, test: () => boolean, timeoutMs: number, out: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stillPresent(pids: readonly number[], withinMs = 5000): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  let left = pids.filter(present);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(present);
  }
  return left;
}

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(file: string, args: string[], detached: boolean): Launched {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached });
  if (child.pid !== undefined) started.push(child.pid);
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

const cliRun = (args: string[]): Launched => launch(process.execPath, [CLI, 'run', ...args], true);

interface Results {
  valid: unknown;
  checkers: { invariants: { valid: unknown; checked?: string[]; notApplicable?: Record<string, string>; violations?: unknown[] } };
  run: { interrupted: boolean; nodeCrashes: unknown[]; nodesKilled?: boolean };
}

function resultsOf(runDir: string): Results {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as Results;
}

function onlyRun(resultsDir: string): string {
  const runs = runDirs(resultsDir);
  expect(runs).toHaveLength(1);
  return runs[0] as string;
}

describe('raft-chaos run: signals', () => {
  it('an interrupted healthy run is VALID; liveness is not applicable because recovery was skipped', async () => {
    const dir = tempResultsDir('interrupted');
    dirs.push(dir);
    const run = cliRun(['--nodes', '3', '--time-limit', '10', '--rate', '0', '--seed', '7', '--results-dir', dir, '--no-report']);
    await until('the run phase', () => /\[run\]/.test(run.output()), 30_000, run.output);
    await new Promise((r) => setTimeout(r, 3000));
    run.child.kill('SIGINT');
    const code = await run.exited;
    const runDir = onlyRun(dir);
    const results = resultsOf(runDir);
    expect(results.checkers.invariants.violations, run.output()).toEqual([]);
    expect(results.valid, run.output()).toBe(true);
    expect(code).toBe(0);
    expect(results.run.interrupted).toBe(true);
    expect(results.checkers.invariants.notApplicable?.['liveness']).toMatch(/stopped early \(SIGINT\).*recovery phase.*skipped/);
    expect(results.checkers.invariants.checked).not.toContain('liveness');
    expect(results.checkers.invariants.checked).toContain('election-safety');
    expect(run.output()).toMatch(/liveness not applicable: the run was stopped early \(SIGINT\)/);
    expect(run.output()).toMatch(/verdict: VALID \(exit 0\)/);
    expect(await stillPresent(nodePidsOf(runDir))).toEqual([]);
  });

  it("timeout's SIGTERM to the process and its group is one graceful stop: results.json and the page are written", async () => {
    const dir = tempResultsDir('timeout');
    dirs.push(dir);
    // timeout(1) sends SIGTERM to the command, then to its own process group, which holds the command.
    const run = launch('timeout', ['--preserve-status', '-s', 'TERM', '7', process.execPath, CLI, 'run', '--nodes', '3', '--time-limit', '30',
      '--nemesis', 'partition,crash', '--nemesis-interval', '1', '--seed', '4', '--results-dir', dir], false);
    const code = await run.exited;
    const runDir = onlyRun(dir);
    const out = run.output();
    expect(out).toMatch(/SIGTERM: stopping clients/);
    expect(out).not.toMatch(/SIGTERM again|killing every node/);
    expect([0, 1, 2], out).toContain(code);
    const results = resultsOf(runDir);
    expect(results.run.interrupted).toBe(true);
    expect(results.run.nodesKilled).toBeUndefined();
    // The nodes did not get the group's SIGTERM: only the controller stopped them.
    expect(results.run.nodeCrashes, out).toEqual([]);
    expect(out).not.toMatch(/exited on its own/);
    expect(fs.existsSync(path.join(runDir, 'index.html'))).toBe(true);
    const history = fs.readFileSync(path.join(runDir, 'history.jsonl'), 'utf8').trim().split('\n');
    expect(history.at(-1)).toMatch(/"heal-all"/);
    expect(await stillPresent(nodePidsOf(runDir))).toEqual([]);
  });

  it('the same SIGTERM to the process and, 30 ms later, to its group is one graceful stop', async () => {
    const dir = tempResultsDir('group');
    dirs.push(dir);
    const run = cliRun(['--nodes', '3', '--time-limit', '30', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '5', '--results-dir', dir]);
    await until('the run phase', () => /\[run\]/.test(run.output()), 30_000, run.output);
    await new Promise((r) => setTimeout(r, 1500));
    const pid = run.child.pid as number;
    process.kill(pid, 'SIGTERM');
    // Soon enough that the graceful stop is still under way (on an idle machine it takes ~0.1 s).
    await new Promise((r) => setTimeout(r, 30));
    process.kill(-pid, 'SIGTERM'); // the controller leads its own group (spawned detached)
    const code = await run.exited;
    const runDir = onlyRun(dir);
    const out = run.output();
    expect(out).not.toMatch(/SIGTERM again|killing every node/);
    expect([0, 1, 2], out).toContain(code);
    expect(resultsOf(runDir).run.interrupted).toBe(true);
    expect(resultsOf(runDir).run.nodeCrashes, out).toEqual([]);
    expect(fs.existsSync(path.join(runDir, 'index.html'))).toBe(true);
    expect(await stillPresent(nodePidsOf(runDir))).toEqual([]);
  });

  it('a second signal more than a second later kills the nodes at once and still writes results.json and the page', async () => {
    const dir = tempResultsDir('second');
    dirs.push(dir);
    const run = cliRun(['--nodes', '3', '--time-limit', '60', '--seed', '11', '--results-dir', dir]);
    await until('the run phase', () => /\[run\]/.test(run.output()), 30_000, run.output);
    await new Promise((r) => setTimeout(r, 1000));
    // A node stopped behind the controller's back answers no graceful stop: stopping it takes the
    // controller its full deadline (then SIGTERM, then SIGKILL), so the second signal finds it stopping.
    const [stuck] = nodePidsOf(onlyRun(dir));
    process.kill(stuck as number, 'SIGSTOP');
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 1500));
    run.child.kill('SIGINT');
    const code = await run.exited;
    const runDir = onlyRun(dir);
    const out = run.output();
    expect(out).toMatch(/SIGINT: stopping clients/);
    expect(out).toMatch(/SIGINT again: killing every node now, then checking what was recorded/);
    expect([0, 1, 2], out).toContain(code);
    const results = resultsOf(runDir);
    expect(results.run.interrupted).toBe(true);
    expect(results.run.nodesKilled).toBe(true);
    expect(results.checkers.invariants.notApplicable?.['liveness']).toMatch(/stopped early/);
    expect(fs.existsSync(path.join(runDir, 'index.html'))).toBe(true);
    expect(out).toMatch(/verdict: (VALID|INVALID|UNKNOWN)/);
    expect(await stillPresent(nodePidsOf(runDir))).toEqual([]);
  });

  it('a SIGKILL of the controller while a node is SIGSTOPped leaves no node and no reaper', async () => {
    const dir = tempResultsDir('sigkill-paused');
    dirs.push(dir);
    const run = cliRun(['--nodes', '3', '--time-limit', '60', '--nemesis', 'pause', '--nemesis-interval', '1', '--seed', '2', '--results-dir', dir, '--no-report']);
    const controller = run.child.pid as number;
    let runDir = '';
    await until('a run directory', () => runDirs(dir).length === 1, 30_000, run.output);
    runDir = onlyRun(dir);
    await until('a node stopped by the pause nemesis', () => nodePidsOf(runDir).some((pid) => procState(pid) === 'T'), 40_000, run.output);
    const nodes = nodePidsOf(runDir);
    const reapers = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map(Number)
      .filter((pid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          return ppid === controller && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('reaper-main');
        } catch {
          return false;
        }
      });
    started.push(...reapers);
    process.kill(controller, 'SIGKILL');
    await run.exited;
    expect(await stillPresent(nodes), `node states: ${nodes.map((p) => `${p}:${procState(p)}`).join(' ')}`).toEqual([]);
    expect(reapers).toHaveLength(1);
    expect(await stillPresent(reapers)).toEqual([]);
  });
});
