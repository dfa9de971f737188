// The host's outside world: storage, network, event log and clock. The simulator and the real
// node process each provide their own implementations; the Ready loop (host.ts) is shared.
import type { Entry, HardState, Message, PersistedState, ReadMode, Snapshot } from '../raft/types.js';
import type { NodeEvent } from '../history/events.js';
import type { Value } from '../statemachine/types.js';

/** The durable parts of one Ready, in the order they must be made durable. */
export interface SaveParts {
  readonly hardState: HardState | null;
  /** A snapshot received from the leader; replaces the log up to its lastIndex (§7). */
  readonly snapshot: Snapshot | null;
  /** Entries to append; entries[0].index at or below the stored last index truncates from there. */
  readonly entries: readonly Entry[];
  /** True when the write must reach the disk (fsync) before save() returns. */
  readonly mustSync: boolean;
}

/** Stable storage. Synchronous: save() returns only when the parts are durable (if mustSync). */
export interface Storage {
  /** What a booting node starts from (an empty state on first boot). */
  load(): PersistedState;
  save(parts: SaveParts): void;
  /** The application took a snapshot through snapshot.lastIndex: keep it, drop the log up to there. */
  compact(snapshot: Snapshot): void;
}

/** Where outgoing Raft messages go (the sender serializes them with src/raft/codec.ts). */
export type MessageSink = (message: Message) => void;

/** Where the node event log goes (events.jsonl for a real node, memory in the simulator). */
export type EventSink = (event: NodeEvent) => void;

/** The time stamp source for events: nanoseconds since the run started. */
export interface Clock {
  nowNs(): number;
}

/** How a read is served. 'local' is UNSAFE (may be stale): it exists so tests can catch it. */
export type HostReadMode = ReadMode | 'log' | 'local';

/**
 * The answer to a client request.
 * - ok: applied (or read) with this value.
 * - fail: did not succeed; `definite` says the command certainly had no effect and never will
 *   (history type "fail"); otherwise its outcome is unknown (history type "info").
 * - redirect: this node is not the leader; `leader` is its best guess (null if none known).
 */
export type HostReply =
  | { readonly kind: 'ok'; readonly value: Value; readonly index: number | null }
  | { readonly kind: 'fail'; readonly reason: string; readonly definite: boolean }
  | { readonly kind: 'redirect'; readonly leader: number | null };

export type ReplyCallback = (reply: HostReply) => void;
