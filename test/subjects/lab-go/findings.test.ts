// The adapter's deadlock findings as the subject reports them: one per line of lab-findings.jsonl,
// with the time the watchdog gave up and the first lines of the goroutine dump.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeadlocks } from '../../../src/subjects/lab-go/findings.js';

describe('readDeadlocks', () => {
  it('reads each finding with its time in seconds and the dump', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-findings-'));
    try {
      fs.writeFileSync(path.join(dir, 'lab-findings.jsonl'), `${JSON.stringify({ kind: 'deadlock', node: 2, time: 8_012_345_678, message: 'node 2: GetState() did not return within 3s' })}\n`);
      fs.writeFileSync(path.join(dir, 'goroutines.txt'), 'goroutine 1 [semacquire]:\n');
      expect(readDeadlocks(dir, 2)).toEqual([{ kind: 'deadlock', node: 2, message: 'node 2: GetState() did not return within 3s', timeS: 8.012, stack: 'goroutine 1 [semacquire]:\n' }]);
      expect(readDeadlocks(path.join(dir, 'none'), 2)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
