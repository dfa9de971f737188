// Partitions checked on worker threads (started from TypeScript source here, through tsx) give the
// same verdicts as in-process checking; 'auto' stays in-process for small histories.
import { describe, expect, it } from 'vitest';
import { checkOperations } from '../../src/checker/linearizability/check-async.js';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { corruptHistory, generateHistory } from '../fixtures/synthetic/histories.js';
import { kvModel } from '../../src/checker/models/index.js';
import type { Model } from '../../src/checker/types.js';

describe('worker threads', () => {
  const good = generateHistory({ seed: 3, operations: 3000, keys: 6, processes: 6 });
  const bad = corruptHistory(generateHistory({ seed: 4, operations: 400, keys: 4, processes: 4, unknownRate: 0 }), 9);

  it('check partitions on workers with the in-process verdicts', async () => {
    const r = await checkOperations(good, 'cas-register', { workers: 2 });
    expect(r.mode).toBe('workers');
    expect(r.valid).toBe(true);
    expect(r.partitions).toHaveLength(6);
    const inProcess = checkOperationsSync(bad, 'cas-register');
    const onWorkers = await checkOperations(bad, 'cas-register', { workers: 2, allPartitions: true });
    expect(onWorkers.mode).toBe('workers');
    expect(onWorkers.valid).toBe(inProcess.valid);
    if (onWorkers.valid === false) expect(onWorkers.counterexample!.length).toBeGreaterThan(0);
  });

  it("'auto' checks a small history in-process", async () => {
    const r = await checkOperations(good, 'cas-register');
    expect(r.mode).toBe('in-process');
    expect(r.valid).toBe(true);
  });

  it('a model that is not built in never goes to a worker', async () => {
    const custom: Model<any> = { ...kvModel, name: 'my-kv' };
    const h = generateHistory({ seed: 5, operations: 200, keys: 3, model: 'kv' });
    const r = await checkOperations(h, custom, { workers: 2 });
    expect(r.mode).toBe('in-process');
    expect(r.valid).toBe(true);
  });
});
