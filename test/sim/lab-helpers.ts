// Shared by the lab test files: seeds (RAFT_CHAOS_LAB_SEEDS=1,2,3 picks them) and a wrapper that
// names the seed and the replay command when a lab test fails.
import { it } from 'vitest';
import type { LabOptions } from '../../src/sim/lab-harness.js';
import { LabHarness } from '../../src/sim/lab-harness.js';

export function labSeeds(defaults: readonly number[] = [1, 2]): readonly number[] {
  const env = process.env.RAFT_CHAOS_LAB_SEEDS;
  if (env === undefined || env.trim() === '') return defaults;
  return env.split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n)) throw new Error(`RAFT_CHAOS_LAB_SEEDS: not an integer: ${JSON.stringify(s)}`);
    return n;
  });
}

/** One lab test, run once per seed on a fresh harness. */
export function labTest(
  name: string,
  options: Omit<LabOptions, 'seed'>,
  body: (cfg: LabHarness) => void,
  seeds: readonly number[] = labSeeds(),
): void {
  it(name, () => {
    for (const seed of seeds) {
      const cfg = new LabHarness({ ...options, seed });
      try {
        body(cfg);
      } catch (err) {
        const e = err as Error;
        e.message = `${name} failed with seed ${seed}: ${e.message}\n  replay: RAFT_CHAOS_LAB_SEEDS=${seed} RAFT_CHAOS_SKIP_BUILD=1 npx vitest run test/sim -t ${name}`;
        throw e;
      }
    }
  });
}

export const RAFT_ELECTION_TIMEOUT_MS = 1000;
