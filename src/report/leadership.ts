// Who led, in which term, and when (Raft paper §5.2: at most one leader per term), with the times
// each node was down (killed until it booted again) or paused, from the node event logs and the
// nemesis events. A leader's interval ends when it steps down, sees a newer term, restarts, is
// killed, or the run ends.
import type { NodeEvent } from '../history/events.js';
import type { FaultEvent } from './fault-windows.js';

export type LeaderEnd = 'stepped-down' | 'newer-term' | 'crashed' | 'run-end';

export interface LeaderInterval {
  readonly node: number;
  readonly term: number;
  readonly fromNs: number;
  readonly toNs: number;
  readonly endedBy: LeaderEnd;
}

export interface NodeInterval {
  readonly node: number;
  readonly fromNs: number;
  readonly toNs: number;
  /** True when the start was inferred from the node's last event, not from a recorded kill. */
  readonly approximate: boolean;
}

export interface Leadership {
  readonly leaders: LeaderInterval[];
  readonly down: NodeInterval[];
  readonly paused: NodeInterval[];
  /** Every boot after the first (a restart), per node. */
  readonly restarts: { readonly node: number; readonly timeNs: number }[];
}

interface Kill {
  readonly timeNs: number;
  readonly node: number;
}

function killsOf(faults: readonly FaultEvent[]): Kill[] {
  const kills: Kill[] = [];
  for (const ev of faults) if (ev.f === 'kill') for (const node of ev.nodes) kills.push({ timeNs: ev.timeNs, node });
  return kills;
}

/** Down intervals: from a recorded kill, or (when the kill does not name nodes) from the last event before a reboot. */
function downIntervals(byNode: Map<number, NodeEvent[]>, kills: readonly Kill[], runEndNs: number): NodeInterval[] {
  const down: NodeInterval[] = [];
  const nodes = new Set<number>([...byNode.keys(), ...kills.map((k) => k.node)]);
  for (const node of nodes) {
    const events = byNode.get(node) ?? [];
    const boots = events.filter((e) => e.kind === 'boot').map((e) => e.time);
    const nodeKills = kills.filter((k) => k.node === node).map((k) => k.timeNs).sort((a, b) => a - b);
    const usedBoots = new Set<number>();
    for (const killNs of nodeKills) {
      if (down.some((d) => d.node === node && d.fromNs <= killNs && killNs < d.toNs)) continue;
      const bootNs = boots.find((b) => b >= killNs && !usedBoots.has(b));
      if (bootNs !== undefined) usedBoots.add(bootNs);
      down.push({ node, fromNs: killNs, toNs: bootNs ?? runEndNs, approximate: false });
    }
    // Reboots with no recorded kill: the node died some time after its last event before the boot.
    for (let i = 1; i < boots.length; i++) {
      const bootNs = boots[i]!;
      if (usedBoots.has(bootNs)) continue;
      let lastNs = boots[i - 1]!;
      for (const e of events) if (e.time < bootNs && e.time > lastNs) lastNs = e.time;
      down.push({ node, fromNs: lastNs, toNs: bootNs, approximate: true });
    }
  }
  return down.sort((a, b) => a.fromNs - b.fromNs || a.node - b.node);
}

function pausedIntervals(faults: readonly FaultEvent[], runEndNs: number): NodeInterval[] {
  const since = new Map<number, number>();
  const paused: NodeInterval[] = [];
  const resume = (node: number, atNs: number): void => {
    const from = since.get(node);
    if (from === undefined) return;
    since.delete(node);
    paused.push({ node, fromNs: from, toNs: atNs, approximate: false });
  };
  for (const ev of faults) {
    if (ev.f === 'pause') for (const n of ev.nodes) if (!since.has(n)) since.set(n, ev.timeNs);
    if (ev.f === 'resume' || ev.f === 'heal-all') {
      const targets = ev.nodes.length > 0 ? ev.nodes : [...since.keys()];
      for (const n of targets) resume(n, ev.timeNs);
    }
  }
  for (const n of [...since.keys()]) resume(n, runEndNs);
  return paused.sort((a, b) => a.fromNs - b.fromNs || a.node - b.node);
}

export function leadership(events: readonly NodeEvent[], faults: readonly FaultEvent[], runEndNs: number): Leadership {
  const byNode = new Map<number, NodeEvent[]>();
  for (const e of events) {
    let list = byNode.get(e.node);
    if (!list) byNode.set(e.node, (list = []));
    list.push(e);
  }
  const kills = killsOf(faults);
  const down = downIntervals(byNode, kills, runEndNs);
  const leaders: LeaderInterval[] = [];
  const restarts: { node: number; timeNs: number }[] = [];
  for (const [node, list] of byNode) {
    // File order is the node's own order; a stable sort by time keeps it for equal times.
    const ordered = [...list].sort((a, b) => a.time - b.time);
    let open: { term: number; fromNs: number } | null = null;
    let lastNs = 0;
    let booted = false;
    const close = (toNs: number, endedBy: LeaderEnd): void => {
      if (!open) return;
      // A dead node leads nobody: cut the interval at a crash that falls inside it.
      const from = open.fromNs;
      const crash = down.find((d) => d.node === node && !d.approximate && d.fromNs > from && d.fromNs < toNs);
      if (crash) leaders.push({ node, term: open.term, fromNs: from, toNs: crash.fromNs, endedBy: 'crashed' });
      else leaders.push({ node, term: open.term, fromNs: from, toNs: Math.max(toNs, from), endedBy });
      open = null;
    };
    for (const e of ordered) {
      switch (e.kind) {
        case 'boot': {
          if (booted) restarts.push({ node, timeNs: e.time });
          booted = true;
          if (open) {
            const crash = down.find((d) => d.node === node && d.fromNs >= open!.fromNs && d.toNs <= e.time + 1);
            close(crash ? crash.fromNs : lastNs, 'crashed');
          }
          break;
        }
        case 'role':
          if (e.role === 'leader') {
            if (open && open.term !== e.term) close(e.time, 'newer-term');
            if (!open) open = { term: e.term, fromNs: e.time };
          } else {
            close(e.time, 'stepped-down');
          }
          break;
        case 'term':
          if (open && e.term > open.term) close(e.time, 'newer-term');
          break;
        default:
          break;
      }
      lastNs = e.time;
    }
    if (open) {
      const start: number = (open as { fromNs: number }).fromNs;
      const crash = down.find((d) => d.node === node && d.fromNs >= start);
      if (crash) close(crash.fromNs, 'crashed');
      else close(runEndNs, 'run-end');
    }
  }
  leaders.sort((a, b) => a.fromNs - b.fromNs || a.node - b.node);
  restarts.sort((a, b) => a.timeNs - b.timeNs);
  return { leaders, down, paused: pausedIntervals(faults, runEndNs), restarts };
}
