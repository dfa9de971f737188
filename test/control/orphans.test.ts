// NO ORPHANS: however the controller dies (uncaught exception, process.exit), every node process it
// started is killed, paused ones included.
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

async function allGone(pids: readonly number[]): Promise<number[]> {
  const deadline = Date.now() + 3000;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

describe('no orphans', () => {
  it('an uncaught exception in the controller kills every node', async () => {
    const { pids, code } = await controllerDies('throw');
    expect(code).not.toBe(0);
    expect(pids).toHaveLength(3);
    expect(await allGone(pids)).toEqual([]);
  });

  it('process.exit in the controller kills every node', async () => {
    const { pids, code } = await controllerDies('exit');
    expect(code).toBe(3);
    expect(await allGone(pids)).toEqual([]);
  });
});
