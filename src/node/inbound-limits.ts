// Bounds on what the node's inbound connections (peer, client, control) can make it hold, so that
// a misbehaving or hostile peer cannot grow the process without limit: each endpoint caps its
// frames and its connections, every connection's partial frame shares one byte budget for the
// whole process, a partial frame that keeps arriving for too long closes its connection, and a
// connection that does not read its replies is closed once they pile up. Each limit closes (or
// refuses) only the connection that went past it, with a logged reason.
import { MAX_FRAME_BYTES } from './protocol.js';

export type Endpoint = 'peer' | 'client' | 'control';

export interface EndpointLimits {
  /** The longest frame body accepted (bytes); a longer announced length closes the connection. */
  readonly maxFrameBytes: number;
  /** Connections open at once; one more is refused (closed at once). */
  readonly maxConnections: number;
}

const MIB = 1024 * 1024;

/** Peer frames carry entries and snapshots; client and control frames are one small request. */
export const ENDPOINT_LIMITS: Readonly<Record<Endpoint, EndpointLimits>> = {
  peer: { maxFrameBytes: MAX_FRAME_BYTES, maxConnections: 32 },
  client: { maxFrameBytes: 1 * MIB, maxConnections: 256 },
  control: { maxFrameBytes: 1 * MIB, maxConnections: 32 },
};

/** Bytes of partial frames all inbound connections of the process may hold together. */
export const DEFAULT_INBOUND_BUFFER_BYTES = 32 * MIB;
/** A partial frame still incomplete after this long closes its connection. */
export const DEFAULT_PARTIAL_FRAME_TIMEOUT_MS = 10_000;
/** Replies queued for a connection that does not read them, before it is closed. */
export const MAX_QUEUED_REPLY_BYTES = 16 * MIB;

/** One byte budget shared by holders that each claim a changing amount of it. */
export class ByteBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {
    if (!(Number.isSafeInteger(limitBytes) && limitBytes > 0)) throw new RangeError(`a byte budget must be a positive integer, got ${limitBytes}`);
  }

  get usedBytes(): number {
    return this.used;
  }

  /** Grow (or shrink) a claim from `fromBytes` to `toBytes`; false, and nothing changed, when it would not fit. */
  resize(fromBytes: number, toBytes: number): boolean {
    const next = this.used - fromBytes + toBytes;
    if (toBytes > fromBytes && next > this.limitBytes) return false;
    this.used = next;
    return true;
  }
}
