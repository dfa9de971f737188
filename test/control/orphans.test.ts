// NO ORPHANS: however the controller dies (uncaught exception, process.exit, SIGKILL), every node
// process it started is killed, paused ones included.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/subjects/process/reaper.js';

const dirs: string[] = [];
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function controllerDies(mode: 'throw' | 'exit'): Promise<{ pids: number[]; code: number | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orphans-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/control/helpers/crashing-controller.ts', mode, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const m = /PIDS (\[.*\])/.exec(out);
  expect(m, out).not.toBeNull();
  const pids = JSON.parse(m?.[1] ?? '[]') as number[];
  leftovers.push(...pids);
  return { pids, code };
}

/** Running or stopped (a zombie waiting for init to reap it is gone). */
function present(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

async function allGone(pids: readonly number[], withinMs = 3000): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  let alive = pids.filter(present);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(present);
  }
  return alive;
}

/** Children of `parent` whose command line mentions `text`. */
function childrenOf(parent: number, text: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === parent && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    });
}

describe('no orphans', () => {
  it('an uncaught exception in the controller kills every node', async () => {
    const { pids, code } = await controllerDies('throw');
    expect(code).not.toBe(0);
    expect(pids).toHaveLength(3);
    expect(await allGone(pids)).toEqual([]);
  });

  it('a SIGKILL of the controller kills every node, the SIGSTOPped one too, and the reaper exits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orphans-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/control/helpers/crashing-controller.ts', 'wait', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    leftovers.push(child.pid as number);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (!/PIDS \[/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const pids = JSON.parse(/PIDS (\[.*\])/.exec(out)?.[1] ?? '[]') as number[];
    leftovers.push(...pids);
    expect(pids, out).toHaveLength(3);
    const reapers = childrenOf(child.pid as number, 'reaper-main');
    leftovers.push(...reapers);
    child.kill('SIGKILL');
    await exited;
    expect(await allGone(pids, 10_000)).toEqual([]);
    expect(reapers).toHaveLength(1);
    expect(await allGone(reapers, 10_000)).toEqual([]);
  });

  it('process.exit in the controller kills every node', async () => {
    const { pids, code } = await controllerDies('exit');
    expect(code).toBe(3);
    expect(await allGone(pids)).toEqual([]);
  });
});
