// A tiny framed request/reply client for the node's client and control endpoints (tests only).
import net from 'node:net';
import { encodeFrame, FrameDecoder } from '../../src/node/framing.js';

export class RpcClient {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const body of this.decoder.push(chunk)) {
        const reply = JSON.parse(body) as { id: number };
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        waiter?.resolve(reply);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const waiter of this.pending.values()) waiter.reject(new Error('connection closed'));
      this.pending.clear();
    });
  }

  static connect(port: number): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new RpcClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Send `request` with a fresh id; resolves with the reply, rejects on timeout or close. */
  call<T>(request: Record<string, unknown>, timeoutMs = 15_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new Error('connection closed'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply to ${JSON.stringify(request)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.write(encodeFrame(JSON.stringify({ ...request, id })));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
