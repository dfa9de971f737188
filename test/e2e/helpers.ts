// Helpers of the end-to-end runs: a throwaway results directory, the pids of every node a run
// started (from the READY lines in nodes/n<i>/stdout.log), and the check that none survives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../../src/subjects/process/reaper.js';
import { RUN_DEFAULTS, type RunOptions } from '../../src/control/runner/run-options.js';

export function tempResultsDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `raft-chaos-e2e-${label}-`));
}

/** Every pid printed in a READY line by any node of the run. */
export function nodePidsOf(runDir: string): number[] {
  const nodesDir = path.join(runDir, 'nodes');
  if (!fs.existsSync(nodesDir)) return [];
  const pids: number[] = [];
  for (const n of fs.readdirSync(nodesDir)) {
    const file = path.join(nodesDir, n, 'stdout.log');
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^READY (.*)$/.exec(line);
      if (m) pids.push((JSON.parse(m[1] as string) as { pid: number }).pid);
    }
  }
  return pids;
}

/** Pids of the given list still alive, after a short grace for the kernel to reap them. */
export async function survivors(pids: readonly number[]): Promise<number[]> {
  const deadline = Date.now() + 2000;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export function e2eOptions(resultsDir: string, over: Partial<RunOptions>): RunOptions {
  return {
    ...RUN_DEFAULTS,
    seed: 1,
    bugs: [],
    resultsDir,
    timeLimitS: 4,
    recoveryS: 10,
    noReport: true,
    ...over,
  };
}

/** A sink for the run's console output, kept for failure messages. */
export function captureOut(): { write(text: string): boolean; text(): string; isTTY: false } {
  let buffer = '';
  return {
    write: (text: string) => {
      buffer += text;
      return true;
    },
    text: () => buffer,
    isTTY: false,
  };
}
