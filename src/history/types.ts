// One operation record of history.jsonl (DESIGN.md §2). `time` is in nanoseconds from the
// controller's monotonic clock (or the simulator's virtual clock), never a node's clock.

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** How an operation ended: ok (done), fail (certainly not done), info (unknown). */
export type CompletionType = Exclude<OpType, 'invoke'>;

/** A client process id (a number), or "nemesis" for fault actions. */
export type ProcessId = number | 'nemesis';

export interface OpRecord {
  readonly index: number;
  readonly type: OpType;
  readonly process: ProcessId;
  /** Operation name: read | write | cas for clients; start-partition, stop-partition, ... for the nemesis. */
  readonly f: string;
  readonly key?: string;
  /** read: null on invoke, the value read on ok; write: the value; cas: [from, to]. */
  readonly value: unknown;
  /** Nanoseconds since the run started (DESIGN.md keeps the Jepsen name `time`). */
  readonly time: number;
  /** For fail / info: why (timeout, not-leader, connection-lost, ...). */
  readonly error?: string;
  /** Node that served the operation, when known. */
  readonly node?: number;
}
