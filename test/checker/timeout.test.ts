// The time budget: a search that cannot finish in time says 'unknown', never hangs.
import { describe, expect, it } from 'vitest';
import { checkOperations } from '../../src/checker/linearizability/check-async.js';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { generateHistory } from '../fixtures/synthetic/histories.js';
import { exitCodeFor } from '../../src/util/exit-codes.js';

// Large enough that no search finishes in 1 ms: 20,000 operations need at least 20,000 steps.
const big = generateHistory({ seed: 11, operations: 20_000, keys: 2, processes: 8 });

describe('time budget', () => {
  it('gives unknown when the budget runs out, and says which partitions are unfinished', () => {
    const started = performance.now();
    const r = checkOperationsSync(big, 'cas-register', { timeoutMs: 1, workers: 0 });
    expect(r.valid).toBe('unknown');
    expect(exitCodeFor(r.valid)).toBe(2);
    expect(r.partitions.some((p) => p.valid === 'unknown' && !p.skipped)).toBe(true);
    expect(r.counterexample).toBeUndefined();
    // It stopped soon after the budget (generously bounded: this machine is shared).
    expect(performance.now() - started).toBeLessThan(5_000);
  });
  it('the same history with time to spare is linearizable', async () => {
    expect(checkOperationsSync(big, 'cas-register', { workers: 0 }).valid).toBe(true);
    expect((await checkOperations(big, 'cas-register', { timeoutMs: 1 })).valid).toBe('unknown');
  });
});
