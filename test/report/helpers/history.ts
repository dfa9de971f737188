// Tiny builders of history records and node events for the report's unit tests.
import type { OpRecord, OpType, ProcessId } from '../../../src/history/types.js';
import type { NodeEvent } from '../../../src/history/events.js';

let nextIndex = 0;

export function rec(type: OpType, process: ProcessId, f: string, timeMs: number, extra: Partial<OpRecord> = {}): OpRecord {
  return { index: nextIndex++, type, process, f, value: null, time: timeMs * 1e6, ...extra };
}

/** A nemesis action: invocation at timeMs, completion 1 ms later with `done` as its value. */
export function nemesis(f: string, timeMs: number, value: unknown = null, done: unknown = null): OpRecord[] {
  return [rec('invoke', 'nemesis', f, timeMs, { value }), rec('info', 'nemesis', f, timeMs + 1, { value: done })];
}

export function ev(node: number, timeMs: number, body: Record<string, unknown>): NodeEvent {
  return { node, time: timeMs * 1e6, ...body } as NodeEvent;
}

export const boot = (node: number, timeMs: number): NodeEvent =>
  ev(node, timeMs, { kind: 'boot', term: 0, votedFor: null, commit: 0, lastIndex: 0, snapshotIndex: 0 });
export const leader = (node: number, timeMs: number, term: number): NodeEvent => ev(node, timeMs, { kind: 'role', role: 'leader', term, leader: node });
export const follower = (node: number, timeMs: number, term: number, lead: number | null = null): NodeEvent =>
  ev(node, timeMs, { kind: 'role', role: 'follower', term, leader: lead });
export const term = (node: number, timeMs: number, t: number): NodeEvent => ev(node, timeMs, { kind: 'term', term: t });
