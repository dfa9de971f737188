// A socket that speaks frames (framing.ts): decodes incoming frames, hands each to a handler, and
// closes the connection with a logged reason on a malformed frame or a handler's ProtocolError.
// The node's state is never touched by a frame it could not understand. What a connection may
// make the node hold is bounded (inbound-limits.ts): its frame length, its share of the process's
// buffer budget, how long one partial frame may keep arriving, and its unread replies.
import type net from 'node:net';
import { encodeFrame, FrameDecoder, FrameError } from './framing.js';
import { corkingWriter } from './cork.js';
import type { ByteBudget } from './inbound-limits.js';
import { MAX_QUEUED_REPLY_BYTES } from './inbound-limits.js';
import { MAX_FRAME_BYTES } from './protocol.js';

/** A frame that is well formed but not an acceptable message: close the connection. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export interface FramedConnectionOptions {
  /** Called once per frame body; throw ProtocolError to close the connection. */
  readonly onFrame: (body: string, connection: FramedConnection) => void;
  readonly onClose?: (connection: FramedConnection) => void;
  /** One line per protocol problem (the reason the connection was closed). */
  readonly log: (line: string) => void;
  /** What to call this connection in log lines, e.g. "client 127.0.0.1:50432". */
  readonly label: string;
  /** The longest frame body accepted (default MAX_FRAME_BYTES). */
  readonly maxFrameBytes?: number;
  /** The budget that this connection's partial frame is held against (default: none). */
  readonly budget?: ByteBudget;
  /** Close the connection when one partial frame stays incomplete this long (default: never). */
  readonly partialFrameTimeoutMs?: number;
}

export class FramedConnection {
  private readonly decoder: FrameDecoder;
  private readonly writeCorked: (bytes: Buffer) => void;
  private closed = false;
  /** Bytes of this connection claimed from the budget (what its decoder holds). */
  private claimedBytes = 0;
  private partialTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly socket: net.Socket,
    private readonly options: FramedConnectionOptions,
  ) {
    this.decoder = new FrameDecoder(options.maxFrameBytes ?? MAX_FRAME_BYTES);
    socket.setNoDelay(true);
    this.writeCorked = corkingWriter(socket);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {
      // 'close' follows; a reset by the peer or a proxy cutting the link is routine.
    });
    socket.on('close', () => {
      this.closed = true;
      this.release();
      options.onClose?.(this);
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** Bytes queued in user space, not yet handed to the kernel. */
  get queuedBytes(): number {
    return this.socket.writableLength;
  }

  /** Send one frame. Frames sent in one turn of the event loop leave in one write (cork). */
  sendText(body: string): void {
    if (!this.isOpen) return;
    this.writeCorked(encodeFrame(body));
    if (this.socket.writableLength > MAX_QUEUED_REPLY_BYTES) {
      this.close(`${this.socket.writableLength} bytes of replies are queued unread (the limit is ${MAX_QUEUED_REPLY_BYTES})`);
    }
  }

  send(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  close(reason: string | null): void {
    if (this.closed) return;
    if (reason !== null) this.options.log(`${this.options.label}: closing connection: ${reason}`);
    this.closed = true;
    this.release();
    this.socket.destroy();
  }

  /** Bytes this connection holds of a frame not yet complete. */
  get partialFrameBytes(): number {
    return this.decoder.bufferedBytes;
  }

  private release(): void {
    if (this.partialTimer !== null) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.options.budget?.resize(this.claimedBytes, 0);
    this.claimedBytes = 0;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const budget = this.options.budget;
    // Claim what the decoder may hold after this chunk before it holds it.
    const mostBytes = this.decoder.bufferedBytes + chunk.length;
    if (budget !== undefined && mostBytes > this.claimedBytes) {
      if (!budget.resize(this.claimedBytes, mostBytes)) {
        this.close(
          `inbound buffers are full: ${budget.usedBytes} of ${budget.limitBytes} bytes held by partial frames, ` +
            `this connection would hold ${mostBytes}`,
        );
        return;
      }
      this.claimedBytes = mostBytes;
    }
    let bodies: string[];
    try {
      bodies = this.decoder.push(chunk);
    } catch (error) {
      if (error instanceof FrameError) {
        this.close(`malformed frame: ${error.message}`);
        return;
      }
      throw error;
    }
    if (budget !== undefined) {
      budget.resize(this.claimedBytes, this.decoder.bufferedBytes);
      this.claimedBytes = this.decoder.bufferedBytes;
    }
    this.watchPartialFrame(bodies.length > 0);
    for (const body of bodies) {
      if (this.closed) return;
      try {
        this.options.onFrame(body, this);
      } catch (error) {
        if (error instanceof ProtocolError) {
          this.close(error.message);
          return;
        }
        throw error;
      }
    }
  }

  /** Start (or restart, when a frame just completed) or stop the clock of the partial frame held. */
  private watchPartialFrame(frameCompleted: boolean): void {
    const timeoutMs = this.options.partialFrameTimeoutMs;
    if (timeoutMs === undefined) return;
    const partial = this.decoder.bufferedBytes > 0;
    if (this.partialTimer !== null && (!partial || frameCompleted)) {
      clearTimeout(this.partialTimer);
      this.partialTimer = null;
    }
    if (!partial || this.partialTimer !== null) return;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = null;
      this.close(`a partial frame (${this.decoder.bufferedBytes} bytes so far) stayed incomplete for more than ${timeoutMs} ms`);
    }, timeoutMs);
    this.partialTimer.unref();
  }
}

/** JSON.parse that turns a syntax error into a ProtocolError. */
export function parseJsonFrame(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ProtocolError(`frame is not JSON (${(error as Error).message}): ${body.slice(0, 80)}`);
  }
}
