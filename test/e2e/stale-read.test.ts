// A deliberately unsafe read path (--read-mode local: any node answers reads from its own state)
// under partitions: a node cut off from the majority keeps answering with old values while the
// majority moves on. The checker must find the history not linearizable. Up to three seeds are
// tried (each printed with its replay command); the Raft invariants must still hold, since the bug
// is only in how reads are served.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTest } from '../../src/control/runner/run.js';
import { reproduceArgv } from '../../src/control/runner/run-options.js';
import { captureOut, e2eOptions, killAll, nodePidsOf, survivors, tempResultsDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('stale reads', () => {
  it('--read-mode local under partitions is found not linearizable', async () => {
    const verdicts: unknown[] = [];
    for (const seed of [31, 32, 33]) {
      const resultsDir = tempResultsDir('stale');
      dirs.push(resultsDir);
      const options = e2eOptions(resultsDir, {
        nodes: 3,
        nemesis: 'partition',
        nemesisIntervalS: 0.8,
        readMode: 'local',
        concurrency: 6,
        rate: 150,
        timeLimitS: 8,
        seed,
      });
      console.log(`stale-read seed ${seed}: npx raft-chaos ${reproduceArgv(options).join(' ')}`);
      const out = captureOut();
      try {
        const outcome = await runTest(options, { out, renderReport: null });
        const lin = outcome.results.checkers.linearizability;
        verdicts.push(lin.valid);
        expect(outcome.results.checkers.invariants.valid, out.text()).not.toBe(false);
        if (lin.valid === false) {
          expect(outcome.valid).toBe(false);
          return;
        }
      } finally {
        const pids = nodePidsOf(fs.realpathSync(path.join(resultsDir, 'latest')));
        const alive = await survivors(pids);
        killAll(alive);
        expect(alive).toEqual([]);
      }
    }
    throw new Error(`no seed gave a non-linearizable history; verdicts: ${JSON.stringify(verdicts)}`);
  });
});
