// Each node's term and leadership over time, from the boot and role records of its events.jsonl
// (a boot is "not leading, in the persisted term"), for the leaderless-majority check.
import fs from 'node:fs';
import type { LeadershipRecord } from '../../checker/invariants/leaderless-majority.js';

export function readLeadership(eventLog: string, node: number): LeadershipRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(eventLog, 'utf8');
  } catch {
    return [];
  }
  const out: LeadershipRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let e: { kind?: string; term?: number; role?: string; time?: number };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue;
    }
    if (typeof e.time !== 'number' || typeof e.term !== 'number') continue;
    if (e.kind === 'boot') out.push({ node, timeNs: e.time, term: e.term, leads: false });
    else if (e.kind === 'role') out.push({ node, timeNs: e.time, term: e.term, leads: e.role === 'leader' });
  }
  return out;
}
