// Builds a student's lab Raft package into one node binary: the package's own files (every
// non-test .go file but the lab's config.go and persister.go) are copied into a build folder of
// the run next to the adapter (adapters/lab-go: labrpc, labgob, the on-disk Persister, the node),
// their labrpc / labgob imports are pointed at the adapter's, and `go build` runs once, offline.
//
//   const { binary } = await buildLabRaft({ labDir, buildDir });   // throws LabBuildError
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../util/project-root.js';
import { UsageError } from '../../util/exit-codes.js';
import { snapshotApi, type SnapshotApi } from './snapshots.js';

/** The folder cannot be built; `message` says why and what to fix (exit 254 before the run). */
export class LabBuildError extends UsageError {
  override name = 'LabBuildError';
}

export interface LabBuildOptions {
  /** The student's package folder (where raft.go is). */
  readonly labDir: string;
  /** An empty folder of the run to build in. */
  readonly buildDir: string;
  /** The Go toolchain (default: `go` on PATH). */
  readonly goBinary?: string;
  /** Go's build cache (default: <project>/.cache/go-build, shared by runs). */
  readonly goCache?: string;
}

export interface LabBuild {
  /** The student's folder, absolute. */
  readonly labDir: string;
  readonly binary: string;
  /** The lab package's files that were built, as named in the student's folder. */
  readonly files: readonly string[];
  /** The Go package name of the lab package. */
  readonly packageName: string;
  /** Which of the 2D API's methods the package declares. */
  readonly snapshotApi: SnapshotApi;
}

/** The lab's own files, replaced by the adapter: its tester harness and its in-memory persister. */
const LAB_OWN_FILES = new Set(['config.go', 'persister.go']);
const MAKE_SIGNATURE = 'func Make(peers []*labrpc.ClientEnd, me int, persister *Persister, applyCh chan ApplyMsg) *Raft';
const API_SIGNATURES =
  `${MAKE_SIGNATURE}; (rf *Raft) Start(command interface{}) (int, int, bool); ` +
  '(rf *Raft) GetState() (int, bool); (rf *Raft) Kill()';
const MAX_COMPILER_LINES = 12;

export function adapterDir(): string {
  return path.join(projectRoot(), 'adapters', 'lab-go');
}

/** The environment for an offline, module-mode build that never fetches anything. */
export function goEnv(goCache: string): Record<string, string> {
  const cacheRoot = path.dirname(goCache);
  return {
    GOCACHE: goCache,
    GOPATH: path.join(cacheRoot, 'gopath'),
    GOMODCACHE: path.join(cacheRoot, 'gopath', 'pkg', 'mod'),
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

/** `go version`, or a LabBuildError naming the package to install. */
export async function checkGo(goBinary = 'go'): Promise<string> {
  try {
    const r = await execa(goBinary, ['version'], { reject: false, timeout: 30_000 });
    if (r.exitCode === 0) return r.stdout.trim();
  } catch {
    /* not found */
  }
  throw new LabBuildError(`go is not installed (needed to build a lab Raft): apt-get install golang-go`);
}

/** Points the lab package's labrpc / labgob imports (modules 6.824, 6.5840, GOPATH or relative) at the adapter's. */
export function rewriteImports(source: string): string {
  return source.replace(/"(?:(?:6\.824|6\.5840)\/|(?:\.\.?\/)+)?(labrpc|labgob)"/g, '"labadapter/$1"');
}

function packageOf(source: string): string | undefined {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(noComments)?.[1];
}

interface LabFile {
  readonly name: string;
  readonly text: string;
}

function readLabFiles(labDir: string): LabFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(labDir);
  } catch (err) {
    throw new LabBuildError(`--lab-raft ${labDir}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? String(err)}); give the folder of your Raft package (where raft.go is)`);
  }
  const files = names
    .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !LAB_OWN_FILES.has(n))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(labDir, name), 'utf8') }));
  if (files.length === 0) {
    throw new LabBuildError(`--lab-raft ${labDir}: no Go files of a lab Raft here (config.go, persister.go and tests are not counted); give the folder of your Raft package (where raft.go is)`);
  }
  return files;
}

function checkLabPackage(labDir: string, files: readonly LabFile[]): string {
  const packages = new Set(files.map((f) => packageOf(f.text)).filter((p): p is string => p !== undefined));
  if (packages.size !== 1) {
    throw new LabBuildError(`--lab-raft ${labDir}: the Go files must form one package, found ${packages.size === 0 ? 'no package clause' : [...packages].join(', ')}`);
  }
  const pkg = [...packages][0]!;
  if (pkg === 'main') throw new LabBuildError(`--lab-raft ${labDir}: this is package main; give the folder of your Raft package (package raft)`);
  if (!files.some((f) => /^func\s+Make\s*\(/m.test(f.text))) {
    throw new LabBuildError(`--lab-raft ${labDir}: not a lab Raft: no func Make; the package must have ${MAKE_SIGNATURE}`);
  }
  return pkg;
}

function copyGoFiles(from: string, to: string, transform: (text: string) => string = (t) => t): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (!name.endsWith('.go') || name.endsWith('_test.go')) continue;
    fs.writeFileSync(path.join(to, name), transform(fs.readFileSync(path.join(from, name), 'utf8')));
  }
}

/** The compiler's first lines, with build-folder paths turned back into the student's. */
function compilerExcerpt(output: string, buildDir: string, labDir: string): string {
  const lines = output
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('# '))
    .map((l) => l.split(path.join(buildDir, 'raft') + path.sep).join(labDir + path.sep).replace(/^raft\//, path.join(labDir, '/')));
  const shown = lines.slice(0, MAX_COMPILER_LINES);
  if (lines.length > shown.length) shown.push(`... (${lines.length - shown.length} more lines)`);
  return shown.map((l) => '  ' + l).join('\n');
}

export async function buildLabRaft(options: LabBuildOptions): Promise<LabBuild> {
  const labDir = path.resolve(options.labDir);
  const buildDir = path.resolve(options.buildDir);
  const goBinary = options.goBinary ?? 'go';
  const files = readLabFiles(labDir);
  const pkg = checkLabPackage(labDir, files);
  await checkGo(goBinary);

  const adapter = adapterDir();
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(path.join(buildDir, 'go.mod'), 'module labadapter\n\ngo 1.19\n');
  for (const sub of ['labrpc', 'labgob', 'node']) copyGoFiles(path.join(adapter, sub), path.join(buildDir, sub));
  const raftDir = path.join(buildDir, 'raft');
  fs.mkdirSync(raftDir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(raftDir, f.name), rewriteImports(f.text));
  const persister = fs.readFileSync(path.join(adapter, 'persister', 'persister.go'), 'utf8');
  fs.writeFileSync(path.join(raftDir, 'zz_raft_chaos_persister.go'), persister.replace(/^package persister$/m, `package ${pkg}`));
  fs.mkdirSync(path.join(buildDir, 'cmd', 'lab-node'), { recursive: true });
  fs.copyFileSync(path.join(adapter, 'cmd', 'lab-node', 'main.go.tmpl'), path.join(buildDir, 'cmd', 'lab-node', 'main.go'));

  const goCache = path.resolve(options.goCache ?? path.join(projectRoot(), '.cache', 'go-build'));
  const binary = path.join(buildDir, 'lab-node');
  const r = await execa(goBinary, ['build', '-o', binary, './cmd/lab-node'], {
    cwd: buildDir,
    env: goEnv(goCache),
    reject: false,
    all: true,
    timeout: 600_000,
  });
  if (r.exitCode !== 0) {
    const output = r.all ?? '';
    const excerpt = compilerExcerpt(output, buildDir, labDir);
    const inMain = /cmd\/lab-node\/main\.go/.test(output);
    const otherImport = /package (6\.824|6\.5840)\/\S+ is not in|cannot find package|no required module provides package/.exec(output);
    let advice: string;
    if (inMain) advice = `the package's lab API does not have the lab's signatures; it must have ${API_SIGNATURES}`;
    else if (otherImport) advice = 'the Raft package imports a lab package other than labrpc and labgob; a lab Raft may import only those and the standard library';
    else advice = `fix these compile errors in ${labDir} (go build of the lab package with the adapter's labrpc, labgob and Persister)`;
    throw new LabBuildError(`--lab-raft ${labDir}: does not build: ${advice}\n${excerpt}`);
  }
  return { labDir, binary, files: files.map((f) => f.name), packageName: pkg, snapshotApi: snapshotApi(files.map((f) => f.text)) };
}
