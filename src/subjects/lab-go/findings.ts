// What the lab package did by itself, found outside the checkers: a deadlock (the adapter's
// GetState watchdog writes lab-findings.jsonl with the goroutine dump in the node's stderr), a
// panic / fatal error that ended the node (its stack is in the node's stderr.log), an exit of its
// own without one, or a majority that stayed leaderless under stale heartbeats.
import fs from 'node:fs';
import path from 'node:path';
import type { SubjectFinding } from '../types.js';
import type { LeaderlessStall } from '../../checker/invariants/leaderless-majority.js';

export type LabFindingKind = 'deadlock' | 'panic' | 'exit' | 'leaderless-majority';

export interface LabFinding extends SubjectFinding {
  readonly kind: LabFindingKind;
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
    .map((l) => JSON.parse(l) as { message?: string; time?: number })
    .map((f) => ({
      kind: 'deadlock' as const,
      node,
      message: f.message ?? `node ${node} deadlocked`,
      // When the watchdog gave up (the deadlock began up to its bound before).
      ...(typeof f.time === 'number' ? { timeS: Math.round(f.time / 1e6) / 1000 } : {}),
      ...(stack !== undefined ? { stack } : {}),
    }));
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

/** A stall of the leaderless-majority check as a finding (named after its lowest member). */
export function stallFinding(stall: LeaderlessStall, boundS: number): LabFinding {
  const nodes = stall.members.map((m) => `n${m}`).join(', ');
  const stale = stall.staleLeaders.length > 0 ? `, hearing only stale heartbeats from ${stall.staleLeaders.map((m) => `n${m}`).join(', ')} (a leader of an older term)` : '';
  const seconds = (stall.toNs - stall.fromNs) / 1e9;
  return {
    kind: 'leaderless-majority',
    node: stall.members[0]!,
    timeS: Math.round(stall.fromNs / 1e6) / 1000,
    message: `no leader for ${seconds.toFixed(1)} s (from ${(stall.fromNs / 1e9).toFixed(1)} s) while ${nodes}, a majority that hears itself, was up${stale}; a correct Raft elects within ${boundS} s (is the election timer reset by messages it should refuse?)`,
  };
}
