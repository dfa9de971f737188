// The replicated state machine's contract, shared by the key-value store (kv.ts), the lab harness's
// recording machine (src/sim/lab-harness.ts) and the host (src/host), which drives any of them.
import type { Entry } from '../raft/types.js';

/** A register's value: a JSON scalar. `null` means "never written". */
export type Value = number | string | null;

/** Per-client request id: a retried request with the same (clientId, seq) is applied once. */
export interface RequestId {
  readonly clientId?: string;
  readonly seq?: number;
}

/** A command as stored (JSON text) in Entry.data. */
export type KvCommand =
  | ({ readonly op: 'read'; readonly key: string } & RequestId)
  | ({ readonly op: 'write'; readonly key: string; readonly value: Value } & RequestId)
  | ({ readonly op: 'cas'; readonly key: string; readonly from: Value; readonly to: Value } & RequestId);

export type KvOp = KvCommand['op'];

/**
 * The answer of one apply. `fail` is definite: the command had no effect (a cas whose expected
 * value did not match, or a command the machine could not parse).
 */
export type ApplyResult =
  | { readonly kind: 'ok'; readonly value: Value }
  | { readonly kind: 'fail'; readonly reason: string };

export interface StateMachine {
  /** Apply one committed entry (normal or noop) and return its result. Must be deterministic. */
  apply(entry: Entry): ApplyResult;
  /** The current value of a key, for reads served outside the log (read-index, lease, local). */
  read(key: string): Value;
  /** An image of the whole state (JSON text), including the dedup table. */
  snapshot(): string;
  /** Replace the whole state with a snapshot() image. */
  restore(data: string): void;
}
