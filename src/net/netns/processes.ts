// Processes left inside a namespace (`ip netns pids NS`): a namespace whose name is deleted lives on
// while a process holds it, so clean-up kills them first.
import { localRunner } from '../hosts/runner.js';

export async function namespacePids(namespace: string): Promise<number[]> {
  const r = await localRunner().run(['ip', 'netns', 'pids', namespace], { allowFailure: true });
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((p) => Number.isInteger(p) && p > 0);
}

export async function killNamespaceProcesses(namespace: string): Promise<number[]> {
  const pids = await namespacePids(namespace);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  return pids;
}
