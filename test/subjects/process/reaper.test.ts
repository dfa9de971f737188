// The reaper process: it holds the pids the controller tracks, exits once none is left (it never
// outlives its job), and SIGKILLs the ones still listed when its stdin ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, reaperPid, trackChild, untrackChild } from '../../../src/subjects/process/reaper.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    if (c.pid !== undefined) untrackChild(c.pid);
    c.kill('SIGKILL');
  }
});

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function gone(pid: number, withinMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe('reaper', () => {
  it('starts with the first tracked child and exits when the last one is untracked', async () => {
    const a = sleeper();
    const b = sleeper();
    trackChild(a.pid as number, 'a');
    const reaper = reaperPid();
    expect(reaper).not.toBeNull();
    trackChild(b.pid as number, 'b');
    expect(reaperPid()).toBe(reaper);
    untrackChild(a.pid as number);
    expect(reaperPid()).toBe(reaper);
    untrackChild(b.pid as number);
    expect(reaperPid()).toBeNull();
    expect(await gone(reaper as number)).toBe(true);
    // Untracked children are not its business: both sleepers still run.
    expect(isAlive(a.pid as number)).toBe(true);
    expect(isAlive(b.pid as number)).toBe(true);
  });
});
