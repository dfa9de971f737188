// The published package: `npm pack` holds only dist/, README and LICENSE (and package.json), and
// the README's API example runs from a clean folder where the tarball is unpacked as
// node_modules/raft-chaos (as `npm install ./raft-chaos-x.tgz` lays it out) with none of the
// CLI's dependencies next to it: so `raft-chaos/checker` needs none of them. Its type declarations
// are checked by compiling a program against the unpacked package. Runs offline.
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './checker/helpers/histories.js';

const NPM_TIMEOUT_MS = 180_000;
let app: string;
let work: string;

/** The README's API example: the ```js block after the api-example marker. */
function readmeExample(): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const m = /<!-- api-example -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (m === null) throw new Error('README.md has no api-example block');
  return m[1]!;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'raft-chaos-pack-'));
  const { stdout } = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PROJECT_ROOT, timeout: NPM_TIMEOUT_MS });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  app = join(work, 'app');
  mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
  writeFileSync(join(app, 'package.json'), '{"name": "app", "private": true, "type": "module"}\n');
  await execa('tar', ['-xzf', join(work, filename), '-C', join(app, 'node_modules')], { timeout: NPM_TIMEOUT_MS });
  renameSync(join(app, 'node_modules', 'package'), join(app, 'node_modules', 'raft-chaos'));
  symlinkSync(join(PROJECT_ROOT, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'));
}, NPM_TIMEOUT_MS * 2);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('npm pack lists only dist/, README.md, LICENSE and package.json', async () => {
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: PROJECT_ROOT, timeout: NPM_TIMEOUT_MS });
    const [{ files }] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    expect(paths.filter((p) => !p.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(p))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'dist/src/checker/index.js', 'dist/src/checker/index.d.ts', 'dist/src/cli.js']));
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(readFileSync(join(PROJECT_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} raft-chaos authors/);
  });

  it("the README's example checks a Jepsen history from a clean folder, without the CLI's dependencies", async () => {
    for (const dep of ['execa', 'yargs', 'zx']) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(false);
    writeFileSync(join(app, 'example.mjs'), readmeExample());
    writeFileSync(
      join(app, 'history.edn'),
      [
        '{:type :invoke, :f :write, :value [0 1], :process 0, :index 0}',
        '{:type :ok, :f :write, :value [0 1], :process 0, :index 1}',
        '{:type :invoke, :f :write, :value [1 1], :process 1, :index 2}',
        '{:type :ok, :f :write, :value [1 1], :process 1, :index 3}',
        '{:type :invoke, :f :read, :value [1 nil], :process 2, :index 4}',
        '{:type :ok, :f :read, :value [1 7], :process 2, :index 5}',
        '',
      ].join('\n'),
    );
    const r = await execa(process.execPath, ['example.mjs', 'history.edn'], { cwd: app, timeout: NPM_TIMEOUT_MS, reject: false });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      'history.edn: false (model cas-register, nil reads: any)',
      '  key 0: true',
      '  key 1: false',
      '  could not linearize {:process 2, :type :ok, :f :read, :value 7, :index 5}',
    ]);
    expect(readFileSync(join(app, 'counterexample.html'), 'utf8')).toContain('{:process 2, :type :ok, :f :read, :value 7, :index 5}');
  });

  it('ships type declarations that a TypeScript program compiles against (and that catch a wrong type)', { timeout: 4 * NPM_TIMEOUT_MS }, async () => {
    writeFileSync(
      join(app, 'good.ts'),
      "import { checkHistoryFile, MODEL_NAMES, type HistoryCheck, type Valid } from 'raft-chaos/checker';\n" +
        "const check: HistoryCheck = await checkHistoryFile('history.edn', { model: 'cas-register', nilRead: 'any' });\n" +
        'const valid: Valid = check.valid;\nconsole.log(valid, MODEL_NAMES.length, check.result.partitions[0]?.key);\n',
    );
    writeFileSync(join(app, 'bad.ts'), "import { checkHistoryFile } from 'raft-chaos/checker';\nconst n: number = (await checkHistoryFile('h.edn')).valid;\nconsole.log(n);\n");
    const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node'];
    const good = await execa(process.execPath, [tsc, ...flags, 'good.ts'], { cwd: app, timeout: NPM_TIMEOUT_MS, reject: false });
    expect(good.stdout + good.stderr).toBe('');
    expect(good.exitCode).toBe(0);
    const bad = await execa(process.execPath, [tsc, ...flags, 'bad.ts'], { cwd: app, timeout: NPM_TIMEOUT_MS, reject: false });
    expect(bad.stdout).toMatch(/bad\.ts\(2,7\): error TS2322: Type '(Valid|string \| boolean)' is not assignable to type 'number'/);
  });
});
