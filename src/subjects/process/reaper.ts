// NO ORPHANS: every node process the controller starts is registered here, and whatever way the
// controller ends (normal exit, process.exit, uncaught exception -- all of which emit 'exit'), each
// one still alive gets SIGKILL. SIGKILL also ends a SIGSTOPped node, which SIGTERM would not.
// Signals (SIGINT, SIGTERM, SIGHUP) are handled by the runner, which stops the run cleanly and then
// exits through here; execa's own cleanup (cleanup: true) is a second net.

const live = new Map<number, string>();
let installed = false;

function killAllNow(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

/** Remember a child process (pid) that must not outlive the controller. */
export function trackChild(pid: number, label: string): void {
  if (!installed) {
    installed = true;
    process.on('exit', killAllNow);
  }
  live.set(pid, label);
}

/** The child exited; stop tracking it. */
export function untrackChild(pid: number): void {
  live.delete(pid);
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
