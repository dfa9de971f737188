// The wire contract between a real node process and the controller (src/control).
//
// Every socket (peer, client, control) carries frames: a 4-byte big-endian length, then that many bytes
// of UTF-8 JSON. A frame longer than MAX_FRAME_BYTES, or one that does not parse as the expected shape,
// closes that connection with a logged reason; it never crashes the node or touches its state.
//
// Peer links are directed: node A sends to node B only over a connection that A dialled (through the
// controller's proxy for the link A->B); B never answers on it. The first frame of a peer connection is a
// PeerHello, then each frame is one Raft message (encodeMessage of src/raft/codec.ts).

export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface PeerHello {
  readonly type: 'hello';
  readonly from: number;
}

/** A client request; `id` is unique per connection, (clientId, seq) unique per logical request. */
export type ClientRequest =
  | { readonly id: number; readonly clientId: string; readonly seq: number; readonly op: 'read'; readonly key: string }
  | { readonly id: number; readonly clientId: string; readonly seq: number; readonly op: 'write'; readonly key: string; readonly value: number }
  | {
      readonly id: number;
      readonly clientId: string;
      readonly seq: number;
      readonly op: 'cas';
      readonly key: string;
      readonly value: readonly [number, number];
    };

/**
 * A client reply. `ok`: done (value = the value read, for reads). `fail`: certainly NOT done
 * (cas mismatch, not leader before proposing, ...). `unknown`: the node cannot tell (leadership lost after
 * proposing). `redirect`: not the leader; try `leader` (null when unknown).
 */
export type ClientReply =
  | { readonly id: number; readonly status: 'ok'; readonly value: number | null }
  | { readonly id: number; readonly status: 'fail'; readonly reason: string }
  | { readonly id: number; readonly status: 'unknown'; readonly reason: string }
  | { readonly id: number; readonly status: 'redirect'; readonly leader: number | null };

export type ControlRequest =
  | { readonly id: number; readonly cmd: 'status' }
  /** Set the node's clock: offsetMs added to true time, rate = how fast it runs (1 = true speed). */
  | { readonly id: number; readonly cmd: 'clock'; readonly offsetMs: number; readonly rate: number }
  /** Graceful stop: finish the current Ready, close sockets and files, exit 0. */
  | { readonly id: number; readonly cmd: 'stop' };

export interface NodeStatus {
  readonly id: number;
  readonly role: 'follower' | 'pre-candidate' | 'candidate' | 'leader';
  readonly term: number;
  readonly leader: number | null;
  readonly commit: number;
  readonly applied: number;
  readonly lastIndex: number;
  readonly clockOffsetMs: number;
  readonly clockRate: number;
  /** Diagnostics (optional): WAL fsyncs so far, input batches handled (one Ready each), peer messages dropped. */
  readonly fsyncs?: number;
  readonly batches?: number;
  readonly peerDropped?: number;
  /**
   * Diagnostics (optional), over the last few thousand samples: client request arrival to reply
   * inside the node (read, write), one WAL fdatasync (fsync), one input batch and its Ready (batch).
   */
  readonly latencyMs?: Readonly<Record<'read' | 'write' | 'fsync' | 'batch', LatencySummary | null>>;
  /**
   * Diagnostics (optional): what the inbound connections hold (bytes of partial frames, against
   * the process's budget), the connections open and refused per endpoint, and the process's RSS.
   */
  readonly inbound?: {
    readonly bufferedBytes: number;
    readonly bufferLimitBytes: number;
    readonly connections: Readonly<Record<'peer' | 'client' | 'control', number>>;
    readonly refused: Readonly<Record<'peer' | 'client' | 'control', number>>;
  };
  readonly rssBytes?: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export type ControlReply =
  | { readonly id: number; readonly ok: true; readonly status: NodeStatus }
  | { readonly id: number; readonly ok: false; readonly error: string };

/**
 * The line a node prints on stdout once it listens, so the controller learns its ports
 * (nodes listen on port 0 and report what the OS gave them):
 *   READY {"id":1,"peerPort":40001,"clientPort":40002,"controlPort":40003,"pid":1234}
 */
export const READY_PREFIX = 'READY ';

export interface ReadyLine {
  readonly id: number;
  readonly peerPort: number;
  readonly clientPort: number;
  readonly controlPort: number;
  readonly pid: number;
}
