// Helpers of the Maelstrom runs: the run's options, the two test subjects (our maelstrom-node
// from dist/, the broken Python node), a run through the seam (src/control/runner/run.ts with the
// configured subject, stopped at the first protocol violation, as the command does), and the
// check that no node process survives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUN_DEFAULTS, type RunOptions } from '../../../src/control/runner/run-options.js';
import { isAlive } from '../../../src/subjects/process/reaper.js';
import { runTest, type RunOutcome } from '../../../src/control/runner/run.js';
import { maelstromSubject } from '../../../src/subjects/maelstrom/subject.js';
import { maelstromArgv, parseMaelstromFlags, type MaelstromFlags } from '../../../src/subjects/maelstrom/options.js';
import type { Finding } from '../../../src/subjects/maelstrom/findings.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const OUR_NODE = `${JSON.stringify(process.execPath)} ${path.join(ROOT, 'dist/src/maelstrom-node/bin.js')}`;
export const NAIVE_NODE = `python3 ${path.join(ROOT, 'test/subjects/maelstrom/fixtures/naive-kv.py')}`;

const dirs: string[] = [];

export function cleanRunDirs(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export function tempResultsDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `raft-chaos-maelstrom-${label}-`));
  dirs.push(dir);
  return dir;
}

export function maelstromOptions(label: string, over: Partial<RunOptions> = {}): RunOptions {
  return {
    ...RUN_DEFAULTS,
    subject: 'maelstrom',
    workload: 'lin-kv',
    nodes: 3,
    seed: 1,
    bugs: [],
    resultsDir: tempResultsDir(label),
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

export interface MaelstromRunResult {
  readonly outcome: RunOutcome;
  readonly out: string;
  readonly violation: Finding | null;
  readonly findings: Finding[];
  readonly results: { subject: Record<string, any>; run: Record<string, any> } & Record<string, any>;
}

/** Run through the seam; the output (with the seed) for failure messages; no process left. */
export async function maelstromRun(options: RunOptions, flags: MaelstromFlags, initTimeoutMs?: number): Promise<MaelstromRunResult> {
  let out = `seed ${options.seed}\n`;
  const stop = new AbortController();
  let violation: Finding | null = null;
  const findings: Finding[] = [];
  const { argv, faults } = parseMaelstromFlags(flags, options.workload);
  const subject = maelstromSubject({
    bin: flags.bin ?? '',
    argv,
    faults,
    ...(initTimeoutMs !== undefined ? { initTimeoutMs } : {}),
    onFinding: (f) => {
      findings.push(f);
      if (f.violation && violation === null) {
        violation = f;
        stop.abort();
      }
    },
  });
  const outcome = await runTest(
    { ...options, subjectArgs: maelstromArgv(flags) },
    { out: { write: (t: string) => (out += t) }, renderReport: null, subject, abort: stop.signal },
  );
  const left = await survivors(outcome.pids);
  if (left.length > 0) throw new Error(`processes left behind: ${left.join(', ')}\n${out}`);
  const results = JSON.parse(fs.readFileSync(outcome.run.resultsFile, 'utf8'));
  return { outcome, out, violation, findings, results };
}
