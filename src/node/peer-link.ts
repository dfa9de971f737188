// One outbound, directed link to a peer (protocol.ts): this node dials the peer's address (the
// controller's proxy for the link), says PeerHello, then sends one frame per Raft message. The
// peer never answers on it. Lost connections are redialled with a capped exponential backoff.
// While a connection is being opened, messages wait in a small bounded queue (oldest dropped
// first); while the link is down between attempts they are dropped. Raft retransmits on its own,
// so a dropped message only costs a retry, and a healed link does not replay stale traffic.
import net from 'node:net';
import { encodeFrame } from './framing.js';
import type { PeerHello } from './protocol.js';

export interface PeerLinkOptions {
  readonly selfId: number;
  readonly peerId: number;
  readonly host: string;
  readonly port: number;
  readonly log: (line: string) => void;
  readonly backoffMinMs?: number;
  readonly backoffMaxMs?: number;
  /** Frames kept while not connected. */
  readonly queueLimitFrames?: number;
  /** Drop new frames while this many bytes wait in the socket (a black-holed link). */
  readonly socketLimitBytes?: number;
}

export type PeerLinkState = 'connecting' | 'connected' | 'waiting' | 'closed';

export class PeerLink {
  private state: PeerLinkState = 'waiting';
  private socket: net.Socket | null = null;
  private queue: Buffer[] = [];
  private backoffMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private corked = false;
  private readonly backoffMinMs: number;
  private readonly backoffMaxMs: number;
  private readonly queueLimitFrames: number;
  private readonly socketLimitBytes: number;
  /** Messages dropped (queue full or socket backed up), for status and tests. */
  dropped = 0;
  private everConnected = false;
  /** Set while the link is down after having been up: the next connect is logged once. */
  private lostAtMs: number | null = null;

  constructor(private readonly options: PeerLinkOptions) {
    this.backoffMinMs = options.backoffMinMs ?? 20;
    this.backoffMaxMs = options.backoffMaxMs ?? 500;
    this.queueLimitFrames = options.queueLimitFrames ?? 256;
    this.socketLimitBytes = options.socketLimitBytes ?? 8 * 1024 * 1024;
    this.backoffMs = this.backoffMinMs;
    this.connect();
  }

  get linkState(): PeerLinkState {
    return this.state;
  }

  send(frame: Buffer): void {
    switch (this.state) {
      case 'connected': {
        const socket = this.socket!;
        if (socket.writableLength > this.socketLimitBytes) {
          this.dropped++;
          return;
        }
        if (!this.corked) {
          this.corked = true;
          socket.cork();
          process.nextTick(() => this.flush());
        }
        socket.write(frame);
        return;
      }
      case 'waiting':
        this.dropped++;
        return;
      case 'connecting':
        this.queue.push(frame);
        if (this.queue.length > this.queueLimitFrames) {
          this.queue.shift();
          this.dropped++;
        }
        return;
      case 'closed':
        return;
      default: {
        const never: never = this.state;
        throw new Error(`unknown link state ${String(never)}`);
      }
    }
  }

  /** Hand what was sent so far to the kernel now (instead of at the end of this tick). */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket?.uncork();
  }

  close(): void {
    this.state = 'closed';
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.destroy();
    this.socket = null;
    this.queue = [];
  }

  private connect(): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      if (this.socket !== socket || this.state === 'closed') return;
      this.state = 'connected';
      this.backoffMs = this.backoffMinMs;
      if (!this.everConnected) {
        this.everConnected = true;
        this.options.log(`peer link to n${this.options.peerId} connected (${this.options.host}:${this.options.port})`);
      } else if (this.lostAtMs !== null) {
        const downMs = Math.round(performance.now() - this.lostAtMs);
        this.options.log(`peer link to n${this.options.peerId} reconnected after ${downMs} ms down`);
      }
      this.lostAtMs = null;
      const hello: PeerHello = { type: 'hello', from: this.options.selfId };
      socket.cork();
      socket.write(encodeFrame(JSON.stringify(hello)));
      for (const frame of this.queue) socket.write(frame);
      this.queue = [];
      socket.uncork();
    });
    // The peer never sends on this link; anything it sends is ignored.
    socket.on('data', () => {});
    socket.on('error', () => {
      // 'close' follows. Refused or reset connections are routine under partitions.
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.corked = false;
      if (this.state === 'closed') return;
      if (this.state === 'connected') {
        this.lostAtMs = performance.now();
        this.options.log(`peer link to n${this.options.peerId} lost; redialling every ${this.backoffMinMs}..${this.backoffMaxMs} ms`);
      }
      this.state = 'waiting';
      this.dropped += this.queue.length;
      this.queue = [];
      const delayMs = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMaxMs, this.backoffMs * 2);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.connect();
      }, delayMs);
    });
  }
}
