// NO ORPHANS: every node process the controller starts is registered here, and whatever way the
// controller ends (normal exit, process.exit, uncaught exception -- all of which emit 'exit'), each
// one still alive gets SIGKILL. SIGKILL also ends a SIGSTOPped node, which SIGTERM would not.
// Signals (SIGINT, SIGTERM, SIGHUP) are handled by the runner, which stops the run cleanly and then
// exits through here. A SIGKILL of the controller runs no hook: for that, while any child is
// tracked, a reaper process (reaper-main.ts) holds the list too and SIGKILLs whatever is left once
// the controller is gone; the nodes' own parent watchdog is a further net for nodes that still run.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../util/project-root.js';

const live = new Map<number, string>();
let installed = false;
let reaper: ChildProcess | null = null;

/** The reaper beside this file: compiled JavaScript, or TypeScript through tsx (tests from sources). */
function reaperCommand(): { args: string[]; cwd: string } {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  const main = path.join(path.dirname(here), ts ? 'reaper-main.ts' : 'reaper-main.js');
  return { args: ts ? ['--import', 'tsx', main] : [main], cwd: ts ? projectRoot() : path.dirname(here) };
}

function tellReaper(line: string): void {
  if (reaper === null) {
    const { args, cwd } = reaperCommand();
    const child = spawn(process.execPath, args, { cwd, detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => undefined); // no reaper: the exit hook and the nodes' watchdog remain
    child.stdin?.on('error', () => undefined);
    child.unref();
    (child.stdin as Socket | null)?.unref();
    reaper = child;
  }
  reaper.stdin?.write(`${line}\n`);
}

/** Close the reaper's stdin: it kills what is still listed (nothing, normally) and exits. */
function releaseReaper(): void {
  reaper?.stdin?.end();
  reaper = null;
}

function killAllNow(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
  releaseReaper();
}

/** Remember a child process (pid) that must not outlive the controller. */
export function trackChild(pid: number, label: string): void {
  if (!installed) {
    installed = true;
    process.on('exit', killAllNow);
  }
  live.set(pid, label);
  tellReaper(`+${pid}`);
}

/** The child exited; stop tracking it. */
export function untrackChild(pid: number): void {
  if (!live.delete(pid)) return;
  tellReaper(`-${pid}`);
  if (live.size === 0) releaseReaper();
}

/** The reaper's pid while one runs (tests). */
export function reaperPid(): number | null {
  return reaper?.pid ?? null;
}

/** Pids still tracked (for tests and diagnostics). */
export function trackedChildren(): ReadonlyMap<number, string> {
  return live;
}

/** SIGKILL every tracked child now (used by a second Ctrl-C, and by the exit hook). */
export function killAllChildren(): void {
  killAllNow();
}

/** Is a process with this pid still there? (signal 0 probes without killing) */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
