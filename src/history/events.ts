// The node event log, events.jsonl (DESIGN.md §2): one object per line, appended synchronously
// by the host before it acts on a Ready, so a kill -9 loses nothing the node did.
// The invariant checker (src/checker/invariants/) reads only these records and the history.
import type { Role } from '../raft/types.js';

interface Base {
  /** The node that wrote the record (1..N). */
  readonly node: number;
  /** Nanoseconds since the run started (controller's epoch for real runs, virtual time in sim). */
  readonly time: number;
}

export type NodeEvent = Base &
  (
    | {
        /** The node started (first boot or restart) with this persisted state. */
        readonly kind: 'boot';
        readonly term: number;
        readonly votedFor: number | null;
        readonly commit: number;
        readonly lastIndex: number;
        readonly snapshotIndex: number;
      }
    | { readonly kind: 'term'; readonly term: number }
    | { readonly kind: 'role'; readonly role: Role; readonly term: number; readonly leader: number | null }
    | { readonly kind: 'vote'; readonly term: number; readonly for: number }
    /** One entry written to the log; `id` is the entry's digest (src/history/digest.ts). */
    | { readonly kind: 'append'; readonly index: number; readonly term: number; readonly id: string }
    /** The log was cut: every entry from fromIndex on is gone. */
    | { readonly kind: 'truncate'; readonly fromIndex: number; readonly term: number }
    | { readonly kind: 'commit'; readonly index: number; readonly term: number }
    | { readonly kind: 'apply'; readonly index: number; readonly term: number; readonly id: string }
    | { readonly kind: 'snapshot'; readonly lastIndex: number; readonly lastTerm: number; readonly installed: boolean }
  );

export type NodeEventKind = NodeEvent['kind'];
