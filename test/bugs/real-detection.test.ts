// Real runs (node processes, TCP proxies, real clocks) for the bugs a short run can expose: each is
// caught by its checker within a couple of seeds, and the same run without the bug is valid. The
// bugs that only the simulator can expose are listed with the reason. Needs dist/ (the global
// setup builds it unless RAFT_CHAOS_SKIP_BUILD=1).
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE, scenarioFor } from '../../src/bugs/catalogue.js';
import { detectReal } from '../../src/bugs/detect-real.js';
import type { Detection } from '../../src/bugs/types.js';
import type { BugName } from '../../src/raft/types.js';

/** Seeds tried per bug before the test fails (real runs are timing-dependent). */
const MAX_SEEDS = 3;
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-bugs-'));
afterAll(() => fs.rmSync(resultsDir, { recursive: true, force: true }));

const realBugs = CATALOGUE.filter((e) => e.real.kind === 'real').map((e) => e.bug);

/** Real plans that passed 3 test runs in a row here within ~40 s each: part of `npm test`. The other
 * real plans (caught in fewer seeds) run only with RAFT_CHAOS_REAL_ALL=1 and in `npm run bug-matrix -- --real`. */
const SUITE_BUGS: readonly BugName[] = ['vote-not-persisted', 'local-reads', 'apply-beyond-commit', 'vote-without-log-check', 'no-step-down-on-reply', 'nothing-persisted', 'stale-append-truncates', 'commit-not-capped', 'next-index-double-advance', 'apply-holding-lock', 'commit-by-ack-count', 'up-to-date-index-before-term'];
const runAll = process.env.RAFT_CHAOS_REAL_ALL === '1';

describe('bug catalogue: detection in real runs', () => {
  it('lists the sim-only bugs with the reason', () => {
    for (const e of CATALOGUE) {
      if (e.real.kind === 'sim-only') console.log(`sim-only: ${e.bug}: ${e.real.reason}`);
    }
    expect(realBugs.length).toBeGreaterThan(0);
  });

  for (const bug of realBugs) {
    it.skipIf(!SUITE_BUGS.includes(bug) && !runAll)(`catches ${bug} in a short real run`, async () => {
      const entry = scenarioFor(bug);
      let hit: Detection | null = null;
      for (let seed = 1; seed <= MAX_SEEDS && hit === null; seed++) {
        const d = await detectReal(bug, seed, resultsDir, true);
        console.log(`${bug} seed ${seed}: ${d.caught ? `caught by ${d.checkers.join(', ')} at ${d.detectedAtS?.toFixed(1)} s` : 'not caught'} (${(d.wallMs / 1000).toFixed(1)} s)\n  replay: ${d.replay}`);
        if (d.caught) hit = d;
      }
      expect(hit, `${bug} not caught in ${MAX_SEEDS} real runs`).not.toBeNull();
      expect(hit!.checkers.some((c) => entry.catchers.includes(c)), `${bug} caught by ${hit!.checkers.join(', ')}`).toBe(true);
    }, 120_000);
  }

  // The same runs without the bug are valid: no false alarm under partitions nor under crashes, nor
  // with basic Raft elections (vote-without-log-check's plan: no pre-vote, no check-quorum).
  for (const control of ['local-reads', 'vote-not-persisted', 'vote-without-log-check'] as const satisfies readonly BugName[]) {
    it(`the ${control} run without the bug is valid (no false alarm)`, async () => {
      const d = await detectReal(control, 1, resultsDir, false);
      console.log(`${control} without the bug: ${d.caught ? 'INVALID' : 'valid'} (${(d.wallMs / 1000).toFixed(1)} s)\n  replay: ${d.replay}`);
      expect(d.caught, d.failures.join('; ')).toBe(false);
    }, 120_000);
  }
});
