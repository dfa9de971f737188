// The build step: the lab package's own files only, imports pointed at the adapter, every
// module path (6.824, 6.5840, 2020's relative imports), and one clear refusal per bad folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLabRaft, checkGo, LabBuildError, rewriteImports } from '../../../src/subjects/lab-go/build.js';
import { GO_AVAILABLE } from './go-available.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/lab-go/generated');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-build-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('rewriteImports', () => {
  it('points every form of the lab imports at the adapter and nothing else', () => {
    const src = ['import (', '\t"6.824/labrpc"', '\t"6.5840/labgob"', '\t"../labrpc"', '\t"labgob"', '\t"6.824/kvraft"', '\t"fmt"', ')'].join('\n');
    expect(rewriteImports(src)).toBe(
      ['import (', '\t"labadapter/labrpc"', '\t"labadapter/labgob"', '\t"labadapter/labrpc"', '\t"labadapter/labgob"', '\t"6.824/kvraft"', '\t"fmt"', ')'].join('\n'),
    );
  });
});

describe('go missing', () => {
  it('says which package to install', async () => {
    await expect(checkGo('/nonexistent/go')).rejects.toThrow(/apt-get install golang-go/);
  });
});

describe.skipIf(!GO_AVAILABLE)('buildLabRaft', () => {
  let n = 0;
  const build = (dir: string) => buildLabRaft({ labDir: path.join(FIXTURES, dir), buildDir: path.join(tmp, `b${n++}`) });

  it.each(['6.824/correct', '6.5840/correct', '2020/correct'])('builds %s, leaving out config.go, persister.go and tests', async (dir) => {
    const b = await build(dir);
    expect(fs.existsSync(b.binary)).toBe(true);
    expect(b.files).toEqual(['raft.go']);
    expect(b.packageName).toBe('raft');
  }, 300_000);

  const refusals: [string, RegExp][] = [
    ['refused/no-make', /not a lab Raft: no func Make; the package must have func Make\(peers \[\]\*labrpc\.ClientEnd/],
    ['refused/wrong-signature', /does not have the lab's signatures[\s\S]*wrong type for GetState method/],
    ['refused/does-not-compile', /fix these compile errors in [\s\S]*does-not-compile\/raft\.go:\d+:\d+: invalid operation/],
    ['refused/not-go', /no Go files of a lab Raft here/],
    ['refused/missing-folder', /cannot read the folder/],
  ];
  it.each(refusals)('refuses %s with what to fix', async (dir, message) => {
    const err = await build(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabBuildError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.split('\n').length).toBeLessThanOrEqual(14);
  }, 300_000);
});
