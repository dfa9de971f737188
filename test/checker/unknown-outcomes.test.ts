// The search's handling of operations of unknown outcome (search.ts: one candidate per class,
// blocks only where an ok operation needs them, dominance in the cache, the static cut) against the
// brute-force checker, on random histories where unknown outcomes are many: registers and kv, up
// to 12 operations and 5 processes, half of them corrupted, each checked with the static cut
// tried at once and never. Seeded: a failure prints the seed and the command that replays it.
import { describe, expect, it } from 'vitest';
import { preparePartitions } from '../../src/checker/linearizability/check.js';
import { corruptHistory, generateHistory, seededRandom, type GeneratedModel } from '../fixtures/synthetic/histories.js';
import { modelByName } from '../../src/checker/models/index.js';
import { LinearizationSearch } from '../../src/checker/linearizability/search.js';
import type { Operation } from '../../src/checker/types.js';
import { bruteForceLinearizable } from './helpers/brute-force.js';

const BASE_SEED = process.env.RAFT_CHAOS_SEED !== undefined ? Number(process.env.RAFT_CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);
const COUNT = Number(process.env.RAFT_CHAOS_DIFF_COUNT ?? 1500);
const REPLAY = `RAFT_CHAOS_SEED=${BASE_SEED} npx vitest run test/checker/unknown-outcomes.test.ts`;

function describeOps(ops: readonly Operation[]): string {
  return ops
    .map((o) => `  #${o.id} p${String(o.process)} ${o.f}${o.key !== undefined ? `[${o.key}]` : ''}(${JSON.stringify(o.input)}) -> ${o.outcome === 'ok' ? JSON.stringify(o.output) : '?'} [${o.call}, ${o.return}]`)
    .join('\n');
}

/** The search's verdict on the whole history (every partition searched to the end). */
function searchVerdict(ops: readonly Operation[], modelName: string, cutAfterSteps: number): boolean {
  const model = modelByName(modelName)!;
  for (const part of preparePartitions(ops, model)) {
    const search = new LinearizationSearch(part, model, model.init(), { cutAfterSteps });
    const v = search.run(1 << 30, Infinity);
    if (v === 'running') throw new Error('search did not finish');
    if (v === 'not-linearizable') return false;
  }
  return true;
}

describe('unknown outcomes: search vs brute force', () => {
  it(`agrees on ${COUNT} random histories with many unknown outcomes (base seed ${BASE_SEED})`, () => {
    console.log(`unknown-outcomes test: base seed ${BASE_SEED}; replay with: ${REPLAY}`);
    const pick = seededRandom(BASE_SEED);
    const models: GeneratedModel[] = ['cas-register', 'cas-register', 'register', 'kv'];
    let invalid = 0;
    let withUnknown = 0;
    for (let i = 0; i < COUNT; i++) {
      const seed = (BASE_SEED + i * 7919) | 0;
      const model = models[Math.floor(pick() * models.length)]!;
      let ops = generateHistory({
        seed,
        operations: 6 + Math.floor(pick() * 7),
        processes: 2 + Math.floor(pick() * 4),
        model,
        unknownRate: 0.2 + pick() * 0.3,
        values: 2 + Math.floor(pick() * 2),
      });
      if (pick() < 0.5) ops = corruptHistory(ops, seed, 3);
      if (ops.some((o) => o.outcome === 'unknown')) withUnknown++;
      const expected = bruteForceLinearizable(ops);
      if (!expected) invalid++;
      const name = model === 'kv' ? 'kv' : 'cas-register';
      for (const cut of [0, Infinity]) {
        const got = searchVerdict(ops, name, cut);
        if (got !== expected) {
          throw new Error(
            `history ${i} (seed ${seed}, model ${name}, static cut ${cut === 0 ? 'at once' : 'never'}): search says ${String(got)}, ` +
              `brute force ${String(expected)}\n${describeOps(ops)}\nreplay: ${REPLAY}`,
          );
        }
      }
    }
    expect(withUnknown).toBeGreaterThan(COUNT * 0.8);
    expect(invalid).toBeGreaterThan(COUNT / 10);
    expect(invalid).toBeLessThan(COUNT - COUNT / 10);
  });

  it('the static cut names a read no operation could satisfy, and only such a read', () => {
    const model = modelByName('cas-register')!;
    const op = (id: number, f: string, input: unknown, output: unknown, call: number, ret: number, outcome: 'ok' | 'unknown' = 'ok'): Operation => ({
      id,
      process: id,
      f,
      input,
      output,
      outcome,
      call,
      return: outcome === 'ok' ? ret : Infinity,
    });
    // read -> 7 while only 1 and (unknown) 2 are ever written: unsatisfiable.
    const bad = [op(0, 'write', 1, 1, 0, 2), op(1, 'write', 2, undefined, 1, 0, 'unknown'), op(2, 'read', null, 7, 3, 4), op(3, 'read', null, 1, 5, 6)];
    const s1 = new LinearizationSearch(bad, model, null, { cutAfterSteps: 0 });
    expect(s1.run(1 << 30, Infinity)).toBe('not-linearizable');
    expect(s1.unsatisfiable).toBe(2);
    // read -> 2 is satisfiable by the unknown write alone: the cut must not fire, the search decides.
    const ok = [op(0, 'write', 1, 1, 0, 2), op(1, 'write', 2, undefined, 1, 0, 'unknown'), op(2, 'read', null, 2, 3, 4)];
    const s2 = new LinearizationSearch(ok, model, null, { cutAfterSteps: 0 });
    expect(s2.run(1 << 30, Infinity)).toBe('linearizable');
    expect(s2.unsatisfiable).toBe(-1);
  });
});
