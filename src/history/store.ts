// The results store (DESIGN.md §2): results/<workload>-<nemesis>-<timestamp>/ holding test.json,
// history.jsonl, results.json, index.html and nodes/n<i>/, plus the results/latest link.
import fs from 'node:fs';
import path from 'node:path';

export const TEST_FILE = 'test.json';
export const HISTORY_FILE = 'history.jsonl';
export const RESULTS_FILE = 'results.json';
export const NODES_DIR = 'nodes';
export const LATEST_LINK = 'latest';

export interface RunPaths {
  readonly resultsDir: string;
  readonly dir: string;
  readonly name: string;
  readonly testFile: string;
  readonly historyFile: string;
  readonly resultsFile: string;
  readonly nodesDir: string;
}

/** A node's folder: data/ (its storage), events.jsonl, stdout.log, stderr.log, config.json. */
export interface NodePaths {
  readonly dir: string;
  readonly dataDir: string;
  readonly eventLog: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly config: string;
}

/** 2026-11-25T11:46:09.123Z -> 20261125T114609.123Z (sortable, no colons). */
export function runTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** A run's name must be usable as one path segment: the nemesis list may hold commas, which is fine. */
function safeSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9_.,+-]/g, '_');
}

export function runPaths(resultsDir: string, name: string): RunPaths {
  const dir = path.resolve(resultsDir, name);
  return {
    resultsDir: path.resolve(resultsDir),
    dir,
    name,
    testFile: path.join(dir, TEST_FILE),
    historyFile: path.join(dir, HISTORY_FILE),
    resultsFile: path.join(dir, RESULTS_FILE),
    nodesDir: path.join(dir, NODES_DIR),
  };
}

/** The paths of a stored run directory (for `check` / `report` of an existing run). */
export function openRunDir(dir: string): RunPaths {
  const resolved = path.resolve(dir);
  return runPaths(path.dirname(resolved), path.basename(resolved));
}

/** Create a fresh run directory (never reusing an existing one). */
export function createRunDir(resultsDir: string, workload: string, nemesis: string, startedAt: Date): RunPaths {
  fs.mkdirSync(resultsDir, { recursive: true });
  const base = `${safeSegment(workload)}-${safeSegment(nemesis)}-${runTimestamp(startedAt)}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = attempt === 0 ? base : `${base}-${attempt + 1}`;
    const paths = runPaths(resultsDir, name);
    try {
      fs.mkdirSync(paths.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    fs.mkdirSync(paths.nodesDir);
    return paths;
  }
  throw new Error(`cannot create a run directory for ${base} in ${resultsDir}`);
}

export function nodePaths(run: RunPaths, node: number): NodePaths {
  const dir = path.join(run.nodesDir, `n${node}`);
  return {
    dir,
    dataDir: path.join(dir, 'data'),
    eventLog: path.join(dir, 'events.jsonl'),
    stdout: path.join(dir, 'stdout.log'),
    stderr: path.join(dir, 'stderr.log'),
    config: path.join(dir, 'config.json'),
  };
}

/** The node ids that have a folder under nodes/ (n1, n2, ...), ascending. */
export function storedNodeIds(run: RunPaths): number[] {
  if (!fs.existsSync(run.nodesDir)) return [];
  return fs
    .readdirSync(run.nodesDir)
    .map((name) => /^n(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Write JSON atomically (temp file + rename), pretty-printed. */
export function writeJsonFile(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** Point results/latest at this run (a relative symlink, replaced atomically). */
export function updateLatestLink(run: RunPaths): void {
  const link = path.join(run.resultsDir, LATEST_LINK);
  const tmp = `${link}.tmp-${process.pid}`;
  try {
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(run.name, tmp, 'dir');
    fs.renameSync(tmp, link);
  } catch {
    // A filesystem without symlinks: fall back to a file naming the run.
    fs.rmSync(tmp, { force: true });
    try {
      fs.rmSync(link, { force: true, recursive: false });
    } catch {
      /* a directory named latest: leave it alone */
    }
    fs.writeFileSync(link, `${run.name}\n`);
  }
}
