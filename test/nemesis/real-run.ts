// Test helper for the nemesis e2e runs: one real run (node processes from dist/) in a throwaway
// results directory, and the check that no node process survives it, even when the run fails.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runTest, type RunIO, type RunOutcome } from '../../src/control/runner/run.js';
import type { RunOptions } from '../../src/control/runner/run-options.js';
import { reproduceArgv } from '../../src/control/runner/run-options.js';
import type { OpRecord } from '../../src/history/types.js';
import { captureOut, e2eOptions, killAll, nodePidsOf, survivors, tempResultsDir } from '../e2e/helpers.js';

const dirs: string[] = [];

/** Remove every results directory these runs made (call from afterAll). */
export function cleanRunDirs(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export async function realRun(
  label: string,
  over: Partial<RunOptions>,
  io: Partial<Pick<RunIO, 'settings'>> = {},
): Promise<{ outcome: RunOutcome; out: string }> {
  const resultsDir = tempResultsDir(label);
  dirs.push(resultsDir);
  const out = captureOut();
  const options = e2eOptions(resultsDir, over);
  console.log(`e2e ${label}: seed ${options.seed}; replay: npx raft-chaos ${reproduceArgv(options).join(' ')}`);
  let outcome: RunOutcome | null = null;
  try {
    outcome = await runTest(options, { out, renderReport: null, ...io });
  } finally {
    const latest = fs.realpathSync(path.join(resultsDir, 'latest'));
    const pids = nodePidsOf(latest);
    const alive = await survivors(pids);
    killAll(alive);
    expect(alive, `node processes survived the run: ${alive.join(', ')}`).toEqual([]);
    expect(pids.length).toBeGreaterThanOrEqual(options.nodes);
  }
  return { outcome, out: out.text() };
}

/** The completions of the nemesis actions, in order. */
export function nemesisActions(history: readonly OpRecord[]): OpRecord[] {
  return history.filter((o) => o.process === 'nemesis' && o.type === 'info');
}
