// Does the subject keep state in its working directory? After a run, a node directory that holds
// nothing but the host's stderr.log means a restarted node came back empty.
import fs from 'node:fs';
import { STDERR_FILE } from './process.js';

export interface DurabilityNote {
  /** Files the node left in its working directory (the host's stderr.log excluded). */
  readonly files: Record<string, string[]>;
  /** True when no node wrote any file: the subject keeps no durable state. */
  readonly noDurableState: boolean;
  /** Nodes restarted during the run (those that would have needed durable state). */
  readonly restarted: string[];
  readonly note: string;
}

export function durabilityNote(cwds: ReadonlyMap<string, string>, restarted: readonly string[]): DurabilityNote {
  const files: Record<string, string[]> = {};
  for (const [name, cwd] of cwds) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(cwd).filter((f) => f !== STDERR_FILE).sort();
    } catch {
      entries = [];
    }
    files[name] = entries;
  }
  const noDurableState = Object.values(files).every((f) => f.length === 0);
  const restartedText = restarted.length > 0 ? `restarted ${restarted.join(', ')}` : 'no node was restarted';
  const note = noDurableState
    ? `The subject keeps no durable state: no node wrote a file in its working directory, so a restarted node comes back empty (${restartedText}).`
    : `The nodes keep files in their working directories (${Object.entries(files)
        .map(([n, f]) => `${n}: ${f.slice(0, 4).join(', ')}${f.length > 4 ? ', ...' : ''}`)
        .join('; ')}); a restarted node starts from them (${restartedText}).`;
  return { files, noDurableState, restarted: [...restarted], note };
}
