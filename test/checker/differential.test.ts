// The checker against a brute-force one (helpers/brute-force.ts) on thousands of small random
// histories of a healthy system, half of them corrupted. Seeded: a failure prints the seed and the
// command that replays it.
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { corruptHistory, generateHistory, seededRandom, type GeneratedModel } from '../fixtures/synthetic/histories.js';
import type { Operation } from '../../src/checker/types.js';
import { bruteForceLinearizable } from './helpers/brute-force.js';

const BASE_SEED = process.env.RAFT_CHAOS_SEED !== undefined ? Number(process.env.RAFT_CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);
const COUNT = Number(process.env.RAFT_CHAOS_DIFF_COUNT ?? 3000);
const REPLAY = `RAFT_CHAOS_SEED=${BASE_SEED} npx vitest run test/checker/differential.test.ts`;

function describeOps(ops: readonly Operation[]): string {
  return ops
    .map((o) => `  #${o.id} p${String(o.process)} ${o.f}${o.key !== undefined ? `[${o.key}]` : ''}(${JSON.stringify(o.input)}) -> ${o.outcome === 'ok' ? JSON.stringify(o.output) : '?'} [${o.call}, ${o.return}]`)
    .join('\n');
}

describe('checker vs brute force', () => {
  it(`agrees on ${COUNT} random small histories (base seed ${BASE_SEED})`, () => {
    console.log(`differential test: base seed ${BASE_SEED}; replay with: ${REPLAY}`);
    const pick = seededRandom(BASE_SEED);
    const models: GeneratedModel[] = ['register', 'cas-register', 'kv'];
    let invalid = 0;
    for (let i = 0; i < COUNT; i++) {
      const seed = (BASE_SEED + i * 7919) | 0;
      const model = models[Math.floor(pick() * models.length)]!;
      const keys = pick() < 0.3 ? 2 : 1;
      let ops = generateHistory({
        seed,
        operations: 2 + Math.floor(pick() * 6),
        keys,
        processes: 2 + Math.floor(pick() * 3),
        model,
        unknownRate: pick() < 0.5 ? 0 : 0.25,
        values: 3,
      });
      if (pick() < 0.5) ops = corruptHistory(ops, seed, 3);
      const expected = bruteForceLinearizable(ops);
      const got = checkOperationsSync(ops, model === 'kv' ? 'kv' : 'cas-register', { workers: 0 }).valid;
      if (!expected) invalid++;
      // The whole-map model (no partitioning) must agree too.
      const whole = model === 'kv' ? checkOperationsSync(ops, 'kv-whole', { workers: 0 }).valid : expected;
      if (whole !== expected) {
        throw new Error(`history ${i} (seed ${seed}): kv-whole says ${String(whole)}, brute force ${expected}\n${describeOps(ops)}\nreplay: ${REPLAY}`);
      }
      if (got !== expected) {
        throw new Error(
          `history ${i} (seed ${seed}, model ${model}): checker says ${String(got)}, brute force says ${expected}\n` +
            `${describeOps(ops)}\nreplay: ${REPLAY}`,
        );
      }
    }
    // The corpus must exercise both verdicts, or the comparison proves little.
    expect(invalid).toBeGreaterThan(COUNT / 10);
    expect(invalid).toBeLessThan(COUNT - COUNT / 10);
  });

  it('agrees on 8-operation histories, registers and kv, with many unknown outcomes (base seed printed above)', () => {
    const pick = seededRandom(BASE_SEED ^ 0x9e3779b9);
    for (let i = 0; i < 300; i++) {
      const seed = (BASE_SEED ^ (i * 104729)) | 0;
      const model: GeneratedModel = i % 2 === 0 ? 'cas-register' : 'kv';
      let ops = generateHistory({ seed, operations: 8, processes: 4, model, unknownRate: i % 4 < 2 ? 0.4 : 0.1, values: 3 });
      if (pick() < 0.5) ops = corruptHistory(ops, seed, 3);
      const expected = bruteForceLinearizable(ops);
      const got = checkOperationsSync(ops, model, { workers: 0 }).valid;
      if (got !== expected) {
        throw new Error(`history ${i} (seed ${seed}): checker ${String(got)}, brute force ${expected}\n${describeOps(ops)}\nreplay: ${REPLAY}`);
      }
    }
  });
});
