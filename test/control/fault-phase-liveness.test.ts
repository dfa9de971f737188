// The leaderless-majority check of a real run's fault phase, on synthetic event logs and fault ops
// (as history.jsonl and events.jsonl hold them): a majority that hears itself and only a stale
// leader stays leaderless -> flagged; a healthy run, a majority that was cut, a node down, an op
// in flight, a failed op -> not flagged; and through checkInvariantsAndPerf, a liveness violation.
import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/history/events.js';
import type { OpRecord } from '../../src/history/types.js';
import { faultPhaseStallsOfRun, faultSnapshotsOfHistory } from '../../src/control/checks/fault-phase-liveness.js';
import { checkInvariantsAndPerf } from '../../src/control/checks/check-run.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const S = 1e9;
const NODES = [1, 2, 3];
const BOUND_NS = 6 * S;

let index = 0;
function op(type: 'invoke' | 'info', f: string, value: unknown, timeS: number, error?: string): OpRecord {
  return { index: index++, type, process: 'nemesis', f, value, time: timeS * S, ...(error !== undefined ? { error } : {}) };
}

/** A fault op as the runner records it: the invoke, then 10 ms later its resolved effect. */
function fault(f: string, invoked: unknown, outcome: unknown, atS: number): OpRecord[] {
  return [op('invoke', f, invoked, atS), op('info', f, outcome, atS + 0.01)];
}

const boot = (node: number, timeS: number, term = 0): NodeEvent => ({ node, time: timeS * S, kind: 'boot', term, votedFor: null, commit: 0, lastIndex: 0, snapshotIndex: 0 });
const role = (node: number, timeS: number, r: 'leader' | 'follower' | 'candidate', term: number): NodeEvent => ({
  node,
  time: timeS * S,
  kind: 'role',
  role: r,
  term,
  leader: r === 'leader' ? node : null,
});

function logs(...events: NodeEvent[]): Map<number, NodeEvent[]> {
  const out = new Map<number, NodeEvent[]>(NODES.map((n) => [n, []]));
  for (const e of events) out.get(e.node)!.push(e);
  return out;
}

/** n1 leads term 1; at 1 s it is made deaf (it hears nobody, everyone hears it); n2 leads term 2 from 1.5 s. */
function deafStaleLeader(): { history: OpRecord[]; base: NodeEvent[] } {
  const history = [...fault('start-partition', { grudge: { 1: [2, 3] } }, { kind: 'partition', grudge: { 1: [2, 3] } }, 1)];
  const base = [boot(1, 0), boot(2, 0), boot(3, 0), role(1, 0.3, 'leader', 1), role(2, 0.3, 'follower', 1), role(3, 0.3, 'follower', 1), role(2, 1.5, 'leader', 2), role(3, 1.5, 'follower', 2)];
  return { history, base };
}

describe('fault-phase leaderless majorities of a real run', () => {
  it('flags a majority that hears itself and only a stale leader, and stays leaderless past the bound', () => {
    const { history, base } = deafStaleLeader();
    // n2 is killed at 2 s and back at 2.5 s (boot in term 2); nobody leads again until the heal at 12 s.
    history.push(...fault('kill', { nodes: [2] }, { kind: 'nodes', nodes: [2] }, 2), ...fault('restart', 'all-dead', { kind: 'nodes', nodes: [2] }, 2.5));
    history.push(...fault('stop-partition', null, { kind: 'partition', grudge: {} }, 12));
    const events = logs(...base, boot(2, 2.4, 2));
    const stalls = faultPhaseStallsOfRun({ nodeIds: NODES, history, events, endNs: 12.01 * S, boundNs: BOUND_NS });
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ members: [2, 3], staleLeaders: [1] });
    expect(stalls[0]!.fromNs).toBe(2.51 * S); // from the restart's completion
    expect(stalls[0]!.toNs).toBe(12 * S); // to the heal's invoke
  });

  it('does not flag the same run when the majority elects again', () => {
    const { history, base } = deafStaleLeader();
    history.push(...fault('kill', { nodes: [2] }, { kind: 'nodes', nodes: [2] }, 2), ...fault('restart', 'all-dead', { kind: 'nodes', nodes: [2] }, 2.5));
    history.push(...fault('stop-partition', null, { kind: 'partition', grudge: {} }, 12));
    const events = logs(...base, boot(2, 2.4, 2), role(3, 3, 'leader', 3), role(2, 3, 'follower', 3));
    expect(faultPhaseStallsOfRun({ nodeIds: NODES, history, events, endNs: 12.01 * S, boundNs: BOUND_NS })).toEqual([]);
  });

  it('does not flag a healthy run, nor a cut majority, nor a majority with a node down or paused', () => {
    // Healthy: n1 leads throughout.
    const healthy = logs(boot(1, 0), boot(2, 0), boot(3, 0), role(1, 0.3, 'leader', 1));
    expect(faultPhaseStallsOfRun({ nodeIds: NODES, history: [], events: healthy, endNs: 20 * S, boundNs: BOUND_NS })).toEqual([]);
    // Nobody leads for 10 s, but every node is cut from every other: no majority hears itself.
    const leaderless = logs(boot(1, 0), boot(2, 0), boot(3, 0));
    const cutAll = fault('start-partition', 'random-halves', { kind: 'partition', grudge: { 1: [2, 3], 2: [1, 3], 3: [1, 2] } }, 0);
    expect(faultPhaseStallsOfRun({ nodeIds: NODES, history: cutAll, events: leaderless, endNs: 10 * S, boundNs: BOUND_NS })).toEqual([]);
    // Two of three paused: no majority is up.
    const paused = fault('pause', 'majority', { kind: 'nodes', nodes: [1, 2] }, 0);
    expect(faultPhaseStallsOfRun({ nodeIds: NODES, history: paused, events: leaderless, endNs: 10 * S, boundNs: BOUND_NS })).toEqual([]);
    // Two of three killed, one of which exited by itself.
    const killed = fault('kill', 'one', { kind: 'nodes', nodes: [1] }, 0);
    expect(faultPhaseStallsOfRun({ nodeIds: NODES, history: killed, events: leaderless, endNs: 10 * S, boundNs: BOUND_NS, exits: [{ node: 2, timeNs: 0.5 * S }] })).toEqual([]);
    // The same leaderless cluster with everything up and connected is flagged (the control).
    expect(faultPhaseStallsOfRun({ nodeIds: NODES, history: [], events: leaderless, endNs: 10 * S, boundNs: BOUND_NS })).toHaveLength(1);
  });

  it('owes nothing while a fault op is in flight or after one failed', () => {
    const snapshots = faultSnapshotsOfHistory(NODES, [
      op('invoke', 'start-partition', 'isolate-leader', 1),
      op('info', 'start-partition', { kind: 'partition', grudge: { 1: [2, 3], 2: [1], 3: [1] } }, 1.2),
      op('invoke', 'kill', 'one', 2),
      op('info', 'kill', null, 2.1, 'boom'),
      op('invoke', 'start-clock', { kind: 'drift', targets: 'one', rate: 2 }, 3),
      op('invoke', 'stop-partition', null, 4),
      op('info', 'stop-partition', { kind: 'partition', grudge: {} }, 4.1),
    ]);
    expect(snapshots.map((s) => [s.timeNs / S, [...s.down].sort()])).toEqual([
      [1, [1, 2, 3]],
      [1.2, []],
      [2, [1, 2, 3]],
      [2.1, [1, 2, 3]], // failed: unknown
      [4, [1, 2, 3]],
      [4.1, []],
    ]);
    expect(snapshots[1]!.cut.get(1)).toEqual(new Set([2, 3]));
  });

  it('reaches the run verdict as a liveness violation of the invariants', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-phase-'));
    try {
      // Nobody leads until n1 does, just after the heal at 9 s: the liveness after the heal holds.
      const events = logs(boot(1, 0), boot(2, 0), boot(3, 0), role(1, 9.5, 'leader', 1), role(2, 9.5, 'follower', 1), role(3, 9.5, 'follower', 1));
      const files = new Map<number, string>();
      for (const [n, list] of events) {
        const file = path.join(dir, `n${n}.jsonl`);
        fs.writeFileSync(file, list.map((e) => JSON.stringify(e)).join('\n') + '\n');
        files.set(n, file);
      }
      const history = fault('heal-all', null, { kind: 'healed', restarted: [], resumed: [], clocksReset: [] }, 9);
      const input = { history, eventLogs: files, healTimeNs: 9 * S, livenessBoundNs: 100 * S };
      const plain = await checkInvariantsAndPerf(input);
      expect(plain.invariants.valid).toBe(true);
      const judged = await checkInvariantsAndPerf({ ...input, faultPhaseLiveness: { nodeIds: NODES, boundNs: BOUND_NS } });
      expect(judged.invariants.valid).toBe(false);
      const violations = 'violations' in judged.invariants ? judged.invariants.violations : [];
      expect(violations.map((v) => v.invariant)).toContain('liveness');
      expect(violations.find((v) => v.invariant === 'liveness')?.message).toMatch(/^in the fault phase: no leader for 9\.0 s .* n1, n2, n3, a majority/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
