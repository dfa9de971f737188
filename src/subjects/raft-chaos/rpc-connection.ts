// A framed request/reply connection from the controller to a node's client or control endpoint
// (src/node/protocol.ts): requests carry an id, replies are matched by it. It tells apart the three
// ways a request can go wrong, because they mean different things for the history:
//   'not-sent'  -- the connection could not be opened: the request certainly did not reach the node;
//   'lost'      -- the connection closed after the request was written: it may or may not have taken effect;
//   'timeout'   -- no reply within the deadline: unknown as well.
import net from 'node:net';
import { encodeFrame, FrameDecoder } from '../../node/framing.js';
import type { Address } from '../types.js';
import { corkingWriter } from '../../node/cork.js';

export type RpcFailure = 'not-sent' | 'lost' | 'timeout';

export class RpcError extends Error {
  override name = 'RpcError';
  constructor(
    readonly failure: RpcFailure,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  readonly resolve: (reply: unknown) => void;
  readonly reject: (err: RpcError) => void;
  readonly timer: NodeJS.Timeout;
}

export class RpcConnection {
  private readonly decoder = new FrameDecoder();
  private readonly writeCorked: (bytes: Buffer) => void;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    readonly label: string,
  ) {
    socket.setNoDelay(true);
    this.writeCorked = corkingWriter(socket);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.failAll('lost', `${label}: connection closed`));
  }

  /** Open a connection; rejects with RpcError('not-sent') if it cannot be opened within timeoutMs. */
  static connect(address: Address, label: string, timeoutMs: number): Promise<RpcConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: address.host, port: address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RpcError('not-sent', `${label}: connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RpcConnection(socket, label));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new RpcError('not-sent', `${label}: cannot connect: ${err.message}`));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Send `body` with a fresh id; resolves with the reply that carries that id. */
  request<Reply>(body: Record<string, unknown>, timeoutMs: number): Promise<Reply> {
    if (!this.isOpen) return Promise.reject(new RpcError('not-sent', `${this.label}: connection is closed`));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError('timeout', `${this.label}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      this.write(encodeFrame(JSON.stringify({ ...body, id })));
    });
  }

  close(): void {
    if (this.closed) return;
    this.socket.destroy();
    this.failAll('lost', `${this.label}: connection closed by the controller`);
  }

  /** Requests written in one turn of the event loop leave in one write. */
  private write(frame: Buffer): void {
    this.writeCorked(frame);
  }

  private onData(chunk: Buffer): void {
    let bodies: string[];
    try {
      bodies = this.decoder.push(chunk);
    } catch (err) {
      this.socket.destroy();
      this.failAll('lost', `${this.label}: bad frame from the node: ${(err as Error).message}`);
      return;
    }
    for (const body of bodies) {
      let reply: unknown;
      try {
        reply = JSON.parse(body);
      } catch {
        continue; // not JSON: ignore this frame; its request will time out
      }
      const id = (reply as { id?: unknown }).id;
      if (typeof id !== 'number') continue;
      const pending = this.pending.get(id);
      if (pending === undefined) continue; // already timed out
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.resolve(reply);
    }
  }

  private failAll(failure: RpcFailure, message: string): void {
    this.closed = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(new RpcError(failure, message));
    }
  }
}
