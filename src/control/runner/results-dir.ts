// The --results-dir of a run, checked and created before anything is started: it must be (or be
// creatable as) a writable directory on a real file system. Each refusal is one UsageError line.
// The folders are made one level at a time: a recursive mkdir under /proc never returns.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../util/exit-codes.js';

/** statfs f_type of kernel file systems that are no place for results (linux/magic.h). */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
]);

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code !== undefined ? `${e.code} ${e.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}` : String(err);
}

/** The nearest folder of `dir` (itself included) that exists, and the names below it to create. */
function existingAncestor(flag: string, dir: string): { base: string; missing: string[] } {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    try {
      const stat = fs.statSync(at);
      if (!stat.isDirectory()) {
        const where = at === dir ? 'is' : `is under ${at}, which is`;
        throw new UsageError(`${flag} ${dir} ${where} a file, not a directory`);
      }
      return { base: at, missing };
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new UsageError(`${flag} ${dir}: cannot read ${at}: ${reason(err)}`);
    }
    const parent = path.dirname(at);
    if (parent === at) throw new UsageError(`${flag} ${dir}: no part of it exists`);
    missing.unshift(path.basename(at));
    at = parent;
  }
}

/** Check `dir` and create it if needed (UsageError naming the flag and the problem). */
export function prepareResultsDir(dir: string, flag = '--results-dir'): void {
  const abs = path.resolve(dir);
  const { base, missing } = existingAncestor(flag, abs);
  let kind: string | undefined;
  try {
    kind = PSEUDO_FILE_SYSTEMS.get(fs.statfsSync(base).type);
  } catch {
    /* statfs unsupported here: the writes below still say what fails */
  }
  if (kind !== undefined) throw new UsageError(`${flag} ${dir}: ${base} is on the kernel's ${kind} file system; choose a folder on a disk`);
  try {
    fs.accessSync(base, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw new UsageError(`${flag} ${dir}: ${base} is not writable (${reason(err)})`);
  }
  let at = base;
  for (const name of missing) {
    at = path.join(at, name);
    try {
      fs.mkdirSync(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(at).isDirectory()) continue;
      throw new UsageError(`${flag} ${dir}: cannot create ${at}: ${reason(err)}`);
    }
  }
}
