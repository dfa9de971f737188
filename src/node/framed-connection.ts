// A socket that speaks frames (framing.ts): decodes incoming frames, hands each to a handler, and
// closes the connection with a logged reason on a malformed frame or a handler's ProtocolError.
// The node's state is never touched by a frame it could not understand.
import type net from 'node:net';
import { encodeFrame, FrameDecoder, FrameError } from './framing.js';
import { corkingWriter } from './cork.js';

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
}

export class FramedConnection {
  private readonly decoder = new FrameDecoder();
  private readonly writeCorked: (bytes: Buffer) => void;
  private closed = false;

  constructor(
    readonly socket: net.Socket,
    private readonly options: FramedConnectionOptions,
  ) {
    socket.setNoDelay(true);
    this.writeCorked = corkingWriter(socket);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {
      // 'close' follows; a reset by the peer or a proxy cutting the link is routine.
    });
    socket.on('close', () => {
      this.closed = true;
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
  }

  send(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  close(reason: string | null): void {
    if (this.closed) return;
    if (reason !== null) this.options.log(`${this.options.label}: closing connection: ${reason}`);
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
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
}

/** JSON.parse that turns a syntax error into a ProtocolError. */
export function parseJsonFrame(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ProtocolError(`frame is not JSON (${(error as Error).message}): ${body.slice(0, 80)}`);
  }
}
