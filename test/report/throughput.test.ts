import { describe, expect, it } from 'vitest';
import { bucketWidthNs, throughput } from '../../src/report/throughput.js';
import { pairOperations } from '../../src/report/ops.js';
import { rec } from './helpers/history.js';

describe('throughput', () => {
  it('picks a round bucket width (1, 2 or 5 x 10^k ns, at least 1 ms)', () => {
    expect(bucketWidthNs(60e9, 4000)).toBe(20e6);
    expect(bucketWidthNs(10e9, 100)).toBe(100e6);
    expect(bucketWidthNs(1e6, 4000)).toBe(1e6);
  });
  it('counts completions per bucket by outcome, not operations still pending', () => {
    const ops = pairOperations([
      rec('invoke', 0, 'read', 0), rec('ok', 0, 'read', 5),
      rec('invoke', 1, 'read', 0), rec('fail', 1, 'read', 150),
      rec('invoke', 2, 'read', 10), rec('info', 2, 'read', 160),
      rec('invoke', 3, 'read', 20),
    ]);
    const t = throughput(ops, 199e6, 2);
    expect(t.bucketNs).toBe(100e6);
    expect(t.ok).toEqual([1, 0]);
    expect(t.fail).toEqual([0, 1]);
    expect(t.info).toEqual([0, 1]);
  });
});
