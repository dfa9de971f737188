// Helpers of the Maelstrom runs: options, the two test subjects (our maelstrom-node from dist/,
// the broken Python node), and the check that no node process survives a run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUN_DEFAULTS } from '../../../src/control/run-options.js';
import { isAlive } from '../../../src/control/reaper.js';
import type { MaelstromRunOptions } from '../../../src/subjects/maelstrom/options.js';
import { runMaelstrom, type MaelstromRunIO, type MaelstromRunOutcome } from '../../../src/subjects/maelstrom/run.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const OUR_NODE = `${JSON.stringify(process.execPath)} ${path.join(ROOT, 'dist/src/cli.js')} maelstrom-node`;
export const NAIVE_NODE = `python3 ${path.join(ROOT, 'test/subjects/maelstrom/fixtures/naive-kv.py')}`;

const dirs: string[] = [];

export function cleanRunDirs(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export function maelstromOptions(label: string, over: Partial<MaelstromRunOptions> & { bin: string }): MaelstromRunOptions {
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), `raft-chaos-maelstrom-${label}-`));
  dirs.push(resultsDir);
  return {
    ...RUN_DEFAULTS,
    workload: 'lin-kv',
    nodes: 3,
    seed: 1,
    bugs: [],
    resultsDir,
    timeLimitS: 6,
    nemesisIntervalS: 1.5,
    recoveryS: 10,
    noReport: true,
    ...over,
  };
}

export async function survivors(pids: readonly number[]): Promise<number[]> {
  const deadline = Date.now() + 3000;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Run, print the seed and the output on failure, and check no process is left. */
export async function maelstromRun(
  options: MaelstromRunOptions,
  io: Partial<MaelstromRunIO> = {},
): Promise<{ outcome: MaelstromRunOutcome; out: string }> {
  let out = '';
  const outcome = await runMaelstrom(options, { out: { write: (t: string) => (out += t) }, renderReport: null, ...io });
  const left = await survivors(outcome.pids);
  if (left.length > 0) throw new Error(`processes left behind: ${left.join(', ')}\n${out}`);
  return { outcome, out: `seed ${options.seed}\n${out}` };
}
