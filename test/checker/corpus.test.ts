// Every history of ../shared/histories/porcupine with the verdict of its MANIFEST line (Porcupine's
// own test data); skipped with a notice where the corpus is absent.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { isHistoryFormat } from '../../src/checker/readers/history.js';
import { readHistoryFile } from '../../src/checker/readers/read-history.js';
import { detectFormat } from '../../src/checker/readers/detect.js';
import { readFileSync } from 'node:fs';
import { historiesDir, readManifest } from './helpers/histories.js';

const dir = historiesDir();

if (dir === null) {
  console.warn(
    'test/checker/corpus.test.ts: ../shared/histories not found (set RAFT_CHAOS_HISTORIES); SKIPPING the Porcupine corpus tests',
  );
  describe('Porcupine corpus', () => {
    it.skip('needs ../shared/histories or $RAFT_CHAOS_HISTORIES', () => {});
  });
} else {
  const root = join(dir, 'porcupine');
  const manifest = readManifest(dir);
  describe('Porcupine corpus (MANIFEST.tsv)', () => {
    it('lists 70 etcd and 6 kv histories', () => {
      expect(manifest.filter((m) => m.file.startsWith('etcd/'))).toHaveLength(70);
      expect(manifest.filter((m) => m.file.startsWith('kv/'))).toHaveLength(6);
    });
    for (const line of manifest) {
      it(`${line.file} is ${line.expected}`, async () => {
        if (!isHistoryFormat(line.format)) throw new Error(`unknown format ${line.format}`);
        const path = join(root, line.file);
        expect(detectFormat(readFileSync(path, 'utf8'), path)).toBe(line.format);
        const history = await readHistoryFile(path, line.format);
        expect(history.operations).toHaveLength(line.operations);
        const result = checkOperationsSync(history.operations, line.model, { workers: 0 });
        expect(result.valid).toBe(line.expected === 'linearizable');
        if (result.valid === false) {
          expect(result.counterexample?.length).toBeGreaterThan(0);
          for (const cx of result.counterexample ?? []) expect(cx.longestPrefix.length).toBeLessThan(cx.operations.length);
        }
      });
    }
    it('c10 without partitioning (kv-whole) agrees with the partitioned verdicts', async () => {
      for (const [name, expected] of [
        ['c10-ok', true],
        ['c10-bad', false],
        ['c01-ok', true],
        ['c01-bad', false],
      ] as const) {
        const history = await readHistoryFile(join(root, 'kv', `${name}.txt`));
        expect(checkOperationsSync(history.operations, 'kv-whole', { workers: 0 }).valid, name).toBe(expected);
      }
    });
  });
}
