// Where ../shared/histories is (or $RAFT_CHAOS_HISTORIES): null when absent, so tests can skip
// with a visible notice. The corpus is never copied into this repository.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function historiesDir(): string | null {
  const dir = process.env.RAFT_CHAOS_HISTORIES ?? resolve(PROJECT_ROOT, '..', 'shared', 'histories');
  return existsSync(join(dir, 'porcupine', 'MANIFEST.tsv')) ? dir : null;
}

export interface ManifestLine {
  readonly file: string;
  readonly format: string;
  readonly model: string;
  readonly operations: number;
  readonly expected: 'linearizable' | 'not-linearizable';
}

export function readManifest(dir: string): ManifestLine[] {
  const lines = readFileSync(join(dir, 'porcupine', 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split('\t');
  if (header.join(',') !== 'file,format,model,operations,expected') throw new Error(`unexpected MANIFEST header: ${lines[0]}`);
  return lines.slice(1).map((l) => {
    const [file, format, model, operations, expected] = l.split('\t') as [string, string, string, string, string];
    if (expected !== 'linearizable' && expected !== 'not-linearizable') throw new Error(`MANIFEST: bad verdict in ${l}`);
    return { file, format, model, operations: Number(operations), expected };
  });
}
