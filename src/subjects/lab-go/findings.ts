// What the lab package did by itself, found outside the checkers: a deadlock (the adapter's
// GetState watchdog writes lab-findings.jsonl with the goroutine dump in the node's stderr), or a
// panic / fatal error that ended the node (its stack is in the node's stderr.log).
import fs from 'node:fs';
import path from 'node:path';

export interface LabFinding {
  readonly kind: 'deadlock' | 'panic' | 'exit';
  readonly node: number;
  readonly message: string;
  /** The first lines of the goroutine dump or of the panic's stack. */
  readonly stack?: string;
}

const STACK_LINES = 40;

/** The deadlock findings the adapter wrote in a node's folder. */
export function readDeadlocks(nodeDir: string, node: number): LabFinding[] {
  const file = path.join(nodeDir, 'lab-findings.jsonl');
  if (!fs.existsSync(file)) return [];
  const dump = path.join(nodeDir, 'goroutines.txt');
  const stack = fs.existsSync(dump) ? fs.readFileSync(dump, 'utf8').split('\n').slice(0, STACK_LINES).join('\n') : undefined;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { message?: string })
    .map((f) => ({ kind: 'deadlock' as const, node, message: f.message ?? `node ${node} deadlocked`, ...(stack !== undefined ? { stack } : {}) }));
}

/** Each panic or Go fatal error in a node's stderr.log, with the first lines of its stack. */
export function readPanics(stderrFile: string, node: number): LabFinding[] {
  if (!fs.existsSync(stderrFile)) return [];
  const lines = fs.readFileSync(stderrFile, 'utf8').split('\n');
  const found: LabFinding[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (/^(panic: |fatal error: )/.test(line)) {
      found.push({
        kind: 'panic',
        node,
        message: `node ${node} crashed by itself: ${line.trim()}`,
        stack: lines.slice(k, k + STACK_LINES).join('\n'),
      });
    }
  }
  return found;
}
