// The seed sweep: many seeds, each a different bad day (the swarm's: its own fault families and
// timing, 3, 5 or 7 nodes, leader targeting, clock rates, loss, duplication, reordering, election
// timing; and fewer of the classic mix) with clients writing and reading, then
// a heal that must converge within a bound. After each: the Raft invariants from the node event
// logs (election safety, terms never decrease, one vote per term, log matching, state machine
// safety, apply order, leader completeness, liveness), every acknowledged write applied by all
// nodes, identical state machines, and a linearizable client history.
//
// RAFT_CHAOS_SWEEP_SEEDS=N runs N swarm seeds (default 200, and a quarter as many classic ones);
// RAFT_CHAOS_SWEEP_FIRST=S starts at seed S. A failing seed prints its replay command.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN, runSeed, type BadDayKind } from '../../src/sim/run-seed.js';

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

const SEEDS = envInt('RAFT_CHAOS_SWEEP_SEEDS', 200);
const FIRST = envInt('RAFT_CHAOS_SWEEP_FIRST', 1);
const CHUNK = 25;
const TIME_US = 30_000_000;

const SWEEPS: readonly [BadDayKind, number][] = [
  ['swarm', SEEDS],
  ['classic', Math.ceil(SEEDS / 4)],
];

describe.each(SWEEPS)(`seed sweep (%s days, %i seeds from ${FIRST}, ${TIME_US / 1e6} virtual s each)`, (badDay, seeds) => {
  for (let start = FIRST; start < FIRST + seeds; start += CHUNK) {
    const end = Math.min(FIRST + seeds, start + CHUNK) - 1;
    it(`seeds ${start}..${end}`, { timeout: 300_000 }, async () => {
      const problems: string[] = [];
      let acked = 0;
      for (let seed = start; seed <= end; seed++) {
        const r = await runSeed({ ...DEFAULT_RUN, badDay, seed, timeUs: TIME_US, linearizabilityBudgetMs: 5_000 });
        acked += r.stats.ackedWrites;
        if (!r.ok) {
          problems.push(`seed ${seed} FAILED:\n    ${r.failures.slice(0, 5).join('\n    ')}\n  replay: ${r.replay}`);
        }
      }
      expect(problems.join('\n'), problems.length > 0 ? 'failing seeds' : '').toBe('');
      // The runs did real work: clients got writes acknowledged.
      expect(acked).toBeGreaterThan(0);
    });
  }
});
