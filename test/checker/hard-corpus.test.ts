// Every history of ../shared/histories/hard (one cas register, up to 20 processes, up to a fifth of
// the operations of unknown outcome) with the verdict of its MANIFEST line, searched to the end (no
// time budget; the test timeout only guards against a hang). Speed is measured by the benchmark
// (`npm run bench -- checker`), not here. Skipped with a notice where the corpus is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { readHistoryFile } from '../../src/checker/readers/read-history.js';
import { historiesDir } from './helpers/histories.js';

const base = historiesDir();
const dir = base === null ? null : join(base, 'hard');

if (dir === null || !existsSync(join(dir, 'MANIFEST.tsv'))) {
  console.warn('test/checker/hard-corpus.test.ts: ../shared/histories/hard not found (set RAFT_CHAOS_HISTORIES); SKIPPING');
  describe('hard corpus', () => {
    it.skip('needs ../shared/histories/hard or $RAFT_CHAOS_HISTORIES', () => {});
  });
} else {
  const lines = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split('\t');
  const rows = lines.slice(1).map((l) => {
    const f = l.split('\t');
    return { file: f[header.indexOf('file')]!, model: f[header.indexOf('model')]!, expected: f[header.indexOf('expected')]! };
  });
  describe('hard corpus (hard/MANIFEST.tsv)', () => {
    it('lists 21 histories, valid and not', () => {
      expect(rows).toHaveLength(21);
      expect(rows.filter((r) => r.expected === 'not-linearizable').length).toBeGreaterThan(0);
    });
    for (const row of rows) {
      it(`${row.file} is ${row.expected}`, { timeout: 600_000 }, async () => {
        const history = await readHistoryFile(join(dir, row.file), 'jepsen-etcd-log');
        const result = checkOperationsSync(history.operations, row.model, { workers: 0 });
        expect(result.valid).toBe(row.expected === 'linearizable');
        if (result.valid === false) expect(result.counterexample?.length).toBe(1);
      });
    }
  });
}
