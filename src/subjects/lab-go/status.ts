// The status ability of a lab Raft, read from what the adapter already writes: each node's
// events.jsonl holds a role record at every (term, isLeader) change of its polled GetState() and an
// apply record for every ApplyMsg. A poll reads the lines added since the last one. The lab API
// shows no commit index and no follower's idea of the leader, so a node's `applied` stands in for
// both: a node whose term is the leader's term is taken to follow it, and the leader's commit is
// what it applied.
import fs from 'node:fs';
import type { NodeStatusView, StatusAbility } from '../types.js';

interface Tail {
  readonly file: string;
  offset: number;
  partial: string;
  term: number;
  leads: boolean;
  applied: number;
}

export interface LabNodeState {
  readonly term: number;
  readonly leads: boolean;
  readonly applied: number;
}

export class LabStatus implements StatusAbility {
  private readonly tails = new Map<number, Tail>();

  constructor(
    eventLogs: ReadonlyMap<number, string>,
    /** Running or paused: a node that is down has no status. */
    private readonly isUp: (node: number) => boolean,
  ) {
    for (const [id, file] of eventLogs) this.tails.set(id, { file, offset: 0, partial: '', term: 0, leads: false, applied: 0 });
  }

  /** What the event log said last about `node` (null before its first record). */
  stateOf(node: number): LabNodeState | null {
    const t = this.tails.get(node);
    return t === undefined || t.offset === 0 ? null : { term: t.term, leads: t.leads, applied: t.applied };
  }

  async poll(): Promise<void> {
    for (const t of this.tails.values()) readNew(t);
  }

  leader(): number | null {
    let best: number | null = null;
    let bestTerm = -1;
    for (const [id, t] of this.tails) {
      if (t.leads && this.isUp(id) && t.term > bestTerm) {
        best = id;
        bestTerm = t.term;
      }
    }
    return best;
  }

  statuses(): ReadonlyMap<number, NodeStatusView | null> {
    const leader = this.leader();
    const leaderTerm = leader === null ? -1 : (this.tails.get(leader)?.term ?? -1);
    const out = new Map<number, NodeStatusView | null>();
    for (const [id, t] of this.tails) {
      if (!this.isUp(id) || t.offset === 0) {
        out.set(id, null);
        continue;
      }
      const follows = leader !== null && t.term === leaderTerm;
      out.set(id, { role: t.leads ? 'leader' : 'follower', term: t.term, leader: follows ? leader : null, commit: t.applied, applied: t.applied });
    }
    return out;
  }
}

function readNew(t: Tail): void {
  let size: number;
  try {
    size = fs.statSync(t.file).size;
  } catch {
    return;
  }
  if (size <= t.offset) return;
  const fd = fs.openSync(t.file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(size - t.offset);
    const n = fs.readSync(fd, buf, 0, buf.length, t.offset);
    text = t.partial + buf.subarray(0, n).toString('utf8');
    t.offset += n;
  } finally {
    fs.closeSync(fd);
  }
  const lines = text.split('\n');
  t.partial = lines.pop() ?? '';
  for (const line of lines) {
    if (line.trim() === '') continue;
    let e: { kind?: string; term?: number; role?: string; index?: number };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue;
    }
    if (e.kind === 'boot') {
      t.term = e.term ?? 0;
      t.leads = false;
      t.applied = 0;
    } else if (e.kind === 'role') {
      t.term = e.term ?? t.term;
      t.leads = e.role === 'leader';
    } else if (e.kind === 'apply' && typeof e.index === 'number') {
      t.applied = Math.max(t.applied, e.index);
    }
  }
}
