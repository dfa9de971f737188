// Knossos's models against a brute-force checker written from knossos.model (helpers/
// knossos-brute-force.ts) on small random histories, half of them corrupted, under both nil-read
// rules where the model has reads of nil. Seeded: a failure prints the seed and the replay command.
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import type { NilReadRule, Operation } from '../../src/checker/types.js';
import { knossosBruteForce, type KnossosModelName } from './helpers/knossos-brute-force.js';
import { knossosHistory } from './helpers/knossos-histories.js';

const BASE_SEED = process.env.RAFT_CHAOS_SEED !== undefined ? Number(process.env.RAFT_CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);
const COUNT = Number(process.env.RAFT_CHAOS_DIFF_COUNT ?? 600);
const REPLAY = `RAFT_CHAOS_SEED=${BASE_SEED} npx vitest run test/checker/knossos-differential.test.ts`;

function text(v: unknown): string {
  return v instanceof Set ? `#{${[...v].map(text).join(' ')}}` : Array.isArray(v) ? `[${v.map(text).join(' ')}]` : JSON.stringify(v ?? null);
}

function describeOps(ops: readonly Operation[]): string {
  return ops.map((o) => `  #${o.id} p${String(o.process)} ${o.f}(${text(o.input)}) -> ${o.outcome === 'ok' ? text(o.output) : '?'} [${o.call}, ${o.return}]`).join('\n');
}

const MODELS: { model: KnossosModelName; rules: NilReadRule[]; initial?: unknown }[] = [
  { model: 'register', rules: ['any', 'absent'] },
  { model: 'cas-register', rules: ['any', 'absent'] },
  { model: 'mutex', rules: ['absent'] },
  { model: 'multi-register', rules: ['any', 'absent'] },
  { model: 'multi-register', rules: ['any'], initial: new Map([[':x', 0], [':y', 1]]) },
  { model: 'set', rules: ['absent'] },
  { model: 'unordered-queue', rules: ['absent'] },
  { model: 'fifo-queue', rules: ['absent'] },
];

describe('Knossos models vs brute force', () => {
  console.log(`knossos differential test: base seed ${BASE_SEED}; replay with: ${REPLAY}`);
  for (const { model, rules, initial } of MODELS) {
    for (const rule of rules) {
      it(`${model}${initial !== undefined ? ' with initial values' : ''}, nil reads ${rule}: agrees on ${COUNT} random histories (base seed ${BASE_SEED})`, () => {
        let invalid = 0;
        for (let i = 0; i < COUNT; i++) {
          const seed = (BASE_SEED + i * 7919 + model.length * 104729) | 0;
          const ops = knossosHistory({ seed, model, operations: 2 + (i % 6), processes: 2 + (i % 3), unknownRate: i % 3 === 0 ? 0.25 : 0, corrupt: i % 2 === 1 });
          const expected = knossosBruteForce(model, ops, { nilAny: rule === 'any', initial });
          const got = checkOperationsSync(ops, model, { workers: 0, nilRead: rule, ...(initial !== undefined ? { initial } : {}) }).valid;
          if (!expected) invalid++;
          if (got !== expected) {
            throw new Error(`history ${i} (seed ${seed}, model ${model}, nil reads ${rule}): checker says ${String(got)}, brute force ${expected}\n${describeOps(ops)}\nreplay: ${REPLAY}`);
          }
        }
        // Both verdicts must be well represented, or the comparison proves little.
        expect(invalid, 'invalid histories').toBeGreaterThan(COUNT / 10);
        expect(invalid, 'invalid histories').toBeLessThan(COUNT - COUNT / 10);
      });
    }
  }
});
