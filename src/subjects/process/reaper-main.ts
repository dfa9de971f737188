// The reaper: a small process the controller starts (detached, in its own session) next to its
// nodes. The controller writes "+<pid>" and "-<pid>" lines to its stdin as node processes start and
// exit. When stdin ends -- the controller closed it, exited, or was SIGKILLed -- every pid still
// listed gets SIGKILL, and the reaper exits. It is what ends a SIGSTOPped node after a kill -9 of
// the controller: a stopped process cannot notice that its parent is gone, and SIGKILL ends it anyway.
// A pid is only killed if it still has the start time it had when it was listed (Linux /proc), so a
// reused pid is never hit.
import fs from 'node:fs';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null where unreadable. */
function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

const listed = new Map<number, string | null>();
let pending = '';

function onLine(line: string): void {
  const pid = Number(line.slice(1));
  if (!Number.isInteger(pid) || pid <= 1) return;
  if (line.startsWith('+')) listed.set(pid, startTime(pid));
  else if (line.startsWith('-')) listed.delete(pid);
}

function reapAndExit(): void {
  for (const [pid, started] of listed) {
    if (started !== null && startTime(pid) !== started) continue; // gone, or the pid was reused
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  process.exit(0);
}

process.stdin.on('data', (chunk: Buffer) => {
  pending += chunk.toString('utf8');
  let newline: number;
  while ((newline = pending.indexOf('\n')) >= 0) {
    onLine(pending.slice(0, newline).trim());
    pending = pending.slice(newline + 1);
  }
});
process.stdin.on('end', reapAndExit);
process.stdin.on('error', reapAndExit);
