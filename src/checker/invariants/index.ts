// The Raft invariant checker (DESIGN.md §3): replays every node's event log (events.jsonl) in time
// order and checks the safety properties of Raft's Figure 3, plus liveness after the final heal.
//
//   const { logs, warnings } = await readEventLogs(new Map([[1, 'nodes/n1/events.jsonl'], ...]));
//   const result = checkInvariants(logs, { healTimeNs, livenessBoundNs: 10e9, readWarnings: warnings });
//
// Each node's records are taken in file order; the nodes are interleaved by time. Only the leader
// completeness check depends on the interleaving, and only through "applied before": it never
// reports an entry applied after the election, so clock differences cannot make it wrong.
import type { NodeEvent } from '../../history/events.js';
import { checkLeaderCompleteness, onApply, onBootApply, onCommit, onSnapshotApply } from './apply.js';
import type { ReplayContext } from './context.js';
import { onAppend, onBootLog, onSnapshotLog, onTruncate, settleCut } from './entries.js';
import { checkLiveness } from './liveness.js';
import type { ReplayedNode } from './node.js';
import { newReplayedNode } from './node.js';
import { unconfirmedTails } from './tails.js';
import { closeLeadership, onBootTerms, onRole, onTerm, onVote } from './terms.js';
import type { CheckInvariantsOptions, InvariantName, InvariantResult, NodeSummary } from './types.js';
import { INVARIANT_NAMES } from './types.js';
import { ViolationLog } from './violations.js';

export type * from './types.js';
export { INVARIANT_NAMES } from './types.js';
export { EventLogError, readEventLog, readEventLogs } from './read.js';

const DEFAULT_MAX_VIOLATIONS_PER_INVARIANT = 20;

export function checkInvariants(
  logs: ReadonlyMap<number, readonly NodeEvent[]>,
  options: CheckInvariantsOptions = {},
): InvariantResult {
  const warnings = [...(options.readWarnings ?? [])];
  const ctx: ReplayContext = {
    violations: new ViolationLog(options.maxViolationsPerInvariant ?? DEFAULT_MAX_VIOLATIONS_PER_INVARIANT),
    nodes: new Map(),
    leaderOfTerm: new Map(),
    leaders: [],
    entryFacts: new Map(),
    applied: new Map(),
    maxAppliedByNodeTerm: new Map(),
    maxAppliedIndex: 0,
    maxTerm: 0,
    electionAttempts: 0,
  };
  const nodeIds = [...logs.keys()].sort((a, b) => a - b);
  const streams: (readonly NodeEvent[])[] = [];
  const states: ReplayedNode[] = [];
  for (const node of nodeIds) {
    const events = logs.get(node)!;
    const ns = newReplayedNode(node, unconfirmedTails(events));
    ctx.nodes.set(node, ns);
    states.push(ns);
    streams.push(events);
    const stranger = events.find((e) => e.node !== node);
    if (stranger !== undefined) {
      warnings.push(`the log of node ${node} holds a record of node ${stranger.node} (time ${stranger.time}); read as node ${node}'s`);
    }
    if (events.length > 0 && events[0]!.kind !== 'boot') {
      warnings.push(`the log of node ${node} does not start with a boot record; assumed a first boot with empty state`);
    }
  }

  // Interleave the nodes by time (N is small: a linear scan of the heads beats a heap).
  const positions = new Array<number>(streams.length).fill(0);
  let total = 0;
  for (const s of streams) total += s.length;
  for (let done = 0; done < total; done++) {
    let pick = -1;
    let pickTime = Infinity;
    for (let k = 0; k < streams.length; k++) {
      const ev = streams[k]![positions[k]!];
      if (ev !== undefined && (pick === -1 || ev.time < pickTime)) {
        pick = k;
        pickTime = ev.time;
      }
    }
    const ev = streams[pick]![positions[pick]!]!;
    positions[pick]! += 1;
    replayOne(ctx, states[pick]!, ev);
  }

  for (const ns of states) settleCut(ctx, ns, null);
  const liveness = options.healTimeNs !== undefined;
  if (liveness) {
    checkLiveness(ctx, {
      healTimeNs: options.healTimeNs!,
      livenessBoundNs: options.livenessBoundNs,
      liveNodes: options.liveNodes ?? nodeIds,
    });
  }

  const v = ctx.violations;
  let valid: boolean | 'unknown' = true;
  if (v.certainCount > 0) valid = false;
  else if (v.list.length > 0 || total === 0) valid = 'unknown';
  if (total === 0) warnings.push('no event log records to check');
  const checked: InvariantName[] = INVARIANT_NAMES.filter(
    (name) => v.counts[name] === 0 && (name !== 'liveness' || liveness) && total > 0,
  );
  return {
    valid,
    violations: v.list,
    checked,
    warnings,
    stats: {
      terms: ctx.maxTerm,
      leaders: ctx.leaders.map((l) => ({ term: l.term, node: l.node, fromNs: l.fromNs, toNs: l.toNs })),
      elections: ctx.leaders.length,
      electionAttempts: ctx.electionAttempts,
      maxAppliedIndex: ctx.maxAppliedIndex,
      records: total,
      nodes: states.map(summarize),
      violationCounts: { ...v.counts },
    },
  };
}

function replayOne(ctx: ReplayContext, ns: ReplayedNode, ev: NodeEvent): void {
  ns.records += 1;
  if (ns.firstNs === null) ns.firstNs = ev.time;
  ns.lastNs = ev.time;
  switch (ev.kind) {
    case 'boot':
      // The previous incarnation ended (crash or stop) after its last record.
      if (ns.lastRecord !== null) closeLeadership(ctx, ns, ns.lastRecord.time);
      settleCut(ctx, ns, null);
      ns.boots += 1;
      onBootTerms(ctx, ns, ev);
      onBootLog(ns, ev);
      onBootApply(ns, ev);
      break;
    case 'term':
      onTerm(ctx, ns, ev);
      break;
    case 'role': {
      const wasLeaderOfTerm = ns.role === 'leader' && ns.leaderRecord?.term === ev.term;
      onRole(ctx, ns, ev);
      if (ev.role === 'leader' && !wasLeaderOfTerm) checkLeaderCompleteness(ctx, ns, ev);
      break;
    }
    case 'vote':
      onVote(ctx, ns, ev);
      break;
    case 'append':
      onAppend(ctx, ns, ev);
      break;
    case 'truncate':
      onTruncate(ns, ev);
      break;
    case 'commit':
      onCommit(ns, ev);
      break;
    case 'apply':
      settleCut(ctx, ns, ev);
      onApply(ctx, ns, ev);
      break;
    case 'snapshot':
      settleCut(ctx, ns, ev);
      onSnapshotApply(ctx, ns, ev);
      onSnapshotLog(ns, ev);
      break;
    default: {
      const never: never = ev;
      throw new Error(`unknown event record kind in ${JSON.stringify(never)}`);
    }
  }
  ns.lastRecord = ev;
}

function summarize(ns: ReplayedNode): NodeSummary {
  return {
    node: ns.node,
    records: ns.records,
    boots: ns.boots,
    lastTerm: ns.currentTerm,
    lastApplied: ns.lastApplied,
    lastAppliedId: ns.lastApplyRecord?.id ?? null,
    firstNs: ns.firstNs,
    lastNs: ns.lastNs,
  };
}
