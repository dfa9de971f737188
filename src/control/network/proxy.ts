// One TCP proxy per directed link (node A -> node B, or clients -> node B), on 127.0.0.1, port 0.
// A partition is a set of blocked links: block() cuts every live connection of the link and refuses
// (or black-holes) new ones until unblock(). Latency can be added per link, and, for frame-aware
// links, whole frames can be dropped, duplicated or reordered at random (message loss, duplicates
// and late messages without corrupting the stream: a frame sent twice or late is written whole,
// between two other frames): the frames a frame-aware link forwards are the bytes that came in,
// never re-encoded, and a stream it cannot read as frames closes that one connection (never the
// process). The target can change: a restarted node listens on new ports.
import net from 'node:net';
import { FrameDecoder } from '../../node/framing.js';
import type { Rng } from '../../raft/types.js';
import type { Address } from '../../subjects/types.js';

export type { Address };

/** refuse: a new connection is closed at once; blackhole: it is accepted and its bytes discarded. */
export type BlockMode = 'refuse' | 'blackhole';

export interface ProxyOptions {
  /** Name for diagnostics, e.g. "n1->n2" or "client->n3". */
  readonly name: string;
  /**
   * Parse the forward byte stream as frames (src/node/protocol.ts), so that setLoss can drop whole
   * frames. The first frame of a connection (the peer hello) is never dropped.
   */
  readonly frameAware?: boolean;
  readonly blockMode?: BlockMode;
}

export interface ProxyStats {
  connections: number;
  refused: number;
  forwardBytes: number;
  droppedFrames: number;
  /** Frames sent a second time, late. */
  duplicatedFrames: number;
  /** Frames held back while later ones passed. */
  reorderedFrames: number;
  /** Connections closed because their stream was not a sequence of acceptable frames. */
  badStreams: number;
}

/** How frames are sent twice or late: with these probabilities, after 1..maxLateMs ms. */
export interface FrameShuffle {
  readonly duplicateRate: number;
  readonly reorderRate: number;
  /** A duplicate or held-back frame goes out after a delay drawn uniformly from 1..maxLateMs. */
  readonly maxLateMs: number;
}

/** Late frames go out within this long unless a link says otherwise (the simulator's 1-40 ms). */
export const DEFAULT_MAX_LATE_MS = 40;

/** One proxied connection: the accepted socket and the socket to the target. */
interface Pair {
  readonly downstream: net.Socket;
  upstream: net.Socket | null;
  readonly pipes: DelayPipe[];
  /** Timers of duplicate and held-back frames still to go out. */
  readonly late: Set<NodeJS.Timeout>;
}

/**
 * Copies bytes from one socket to another with an optional delay, keeping their order and passing
 * back-pressure on when there is no delay.
 */
class DelayPipe {
  private readonly queue: { dueMs: number; chunk: Buffer }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly latencyMs: () => number,
  ) {}

  push(chunk: Buffer): void {
    const delay = this.latencyMs();
    if (delay <= 0 && this.queue.length === 0) {
      if (!this.to.write(chunk)) {
        this.from.pause();
        this.to.once('drain', () => this.from.resume());
      }
      return;
    }
    const last = this.queue.at(-1)?.dueMs ?? 0;
    this.queue.push({ dueMs: Math.max(Date.now() + delay, last), chunk });
    this.schedule();
  }

  end(): void {
    this.ended = true;
    if (this.queue.length === 0) this.to.end();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const head = this.queue[0];
    if (head === undefined) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.dueMs - Date.now()));
  }

  private flush(): void {
    this.timer = null;
    const now = Date.now();
    while (this.queue.length > 0 && (this.queue[0]?.dueMs ?? Infinity) <= now) {
      const item = this.queue.shift();
      if (item !== undefined && !this.to.destroyed) this.to.write(item.chunk);
    }
    if (this.queue.length > 0) this.schedule();
    else if (this.ended) this.to.end();
  }
}

export class LinkProxy {
  readonly name: string;
  private readonly server: net.Server;
  private readonly frameAware: boolean;
  private blockMode: BlockMode;
  private target: Address | null = null;
  private blocked = false;
  private latencyMs = 0;
  private lossRate = 0;
  private lossRng: Rng | null = null;
  private shuffle: FrameShuffle = { duplicateRate: 0, reorderRate: 0, maxLateMs: DEFAULT_MAX_LATE_MS };
  private shuffleRng: Rng | null = null;
  private readonly pairs = new Set<Pair>();
  private readonly blackholed = new Set<net.Socket>();
  private address: Address | null = null;
  private closed = false;
  readonly stats: ProxyStats = { connections: 0, refused: 0, forwardBytes: 0, droppedFrames: 0, duplicatedFrames: 0, reorderedFrames: 0, badStreams: 0 };

  constructor(options: ProxyOptions) {
    this.name = options.name;
    this.frameAware = options.frameAware ?? false;
    this.blockMode = options.blockMode ?? 'blackhole';
    this.server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  /** Start listening on 127.0.0.1 at a port the OS picks; returns the address to dial. */
  async listen(): Promise<Address> {
    if (this.address !== null) return this.address;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const info = this.server.address();
    if (info === null || typeof info === 'string') throw new Error(`proxy ${this.name}: no TCP address`);
    this.address = { host: '127.0.0.1', port: info.port };
    return this.address;
  }

  get listenAddress(): Address {
    if (this.address === null) throw new Error(`proxy ${this.name}: not listening yet`);
    return this.address;
  }

  /** Where new connections go (null: refuse them). Live connections keep their old target. */
  setTarget(target: Address | null): void {
    this.target = target;
  }

  /** Cut the link: live connections are destroyed, new ones refused or black-holed. */
  block(mode: BlockMode = this.blockMode): void {
    this.blockMode = mode;
    this.blocked = true;
    this.cutAll();
  }

  /** Reconnect the link. Black-holed connections are closed so their owners dial afresh. */
  unblock(): void {
    this.blocked = false;
    for (const socket of this.blackholed) socket.destroy();
    this.blackholed.clear();
  }

  get isBlocked(): boolean {
    return this.blocked;
  }

  /** Add this much delay (ms) to every chunk in both directions; 0 removes it. */
  setLatency(latencyMs: number): void {
    if (!(latencyMs >= 0)) throw new RangeError(`proxy ${this.name}: latencyMs must be >= 0, got ${latencyMs}`);
    this.latencyMs = latencyMs;
  }

  /** Drop each forward frame (but the first) with probability lossRate, drawing from rng. */
  setLoss(lossRate: number, rng: Rng): void {
    if (!this.frameAware) throw new Error(`proxy ${this.name}: loss needs a frame-aware proxy`);
    if (!(lossRate >= 0 && lossRate <= 1)) throw new RangeError(`proxy ${this.name}: lossRate must be in [0, 1], got ${lossRate}`);
    this.lossRate = lossRate;
    this.lossRng = rng;
  }

  /**
   * Send each forward frame (but the first) a second time with probability duplicateRate, and hold
   * one back while later frames pass with probability reorderRate; the late copy goes out after
   * 1..maxLateMs ms. Draws from rng.
   */
  setShuffle(shuffle: FrameShuffle, rng: Rng): void {
    if (!this.frameAware) throw new Error(`proxy ${this.name}: duplicates and reordering need a frame-aware proxy`);
    for (const [what, rate] of [['duplicateRate', shuffle.duplicateRate], ['reorderRate', shuffle.reorderRate]] as const) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`proxy ${this.name}: ${what} must be in [0, 1], got ${rate}`);
    }
    if (!(Number.isInteger(shuffle.maxLateMs) && shuffle.maxLateMs >= 1)) throw new RangeError(`proxy ${this.name}: maxLateMs must be a whole number >= 1, got ${shuffle.maxLateMs}`);
    this.shuffle = shuffle;
    this.shuffleRng = rng;
  }

  /** Destroy every live connection (the link stays usable for new ones unless blocked). */
  cutAll(): void {
    for (const pair of this.pairs) this.destroyPair(pair);
    this.pairs.clear();
  }

  get liveConnections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cutAll();
    for (const socket of this.blackholed) socket.destroy();
    this.blackholed.clear();
    if (this.address === null) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(downstream: net.Socket): void {
    downstream.on('error', () => undefined);
    if (this.closed) {
      downstream.destroy();
      return;
    }
    if (this.blocked && this.blockMode === 'blackhole') {
      this.blackholed.add(downstream);
      downstream.on('data', () => undefined);
      downstream.on('close', () => this.blackholed.delete(downstream));
      return;
    }
    const target = this.target;
    if (this.blocked || target === null) {
      this.stats.refused++;
      downstream.resetAndDestroy();
      return;
    }
    this.stats.connections++;
    const pair: Pair = { downstream, upstream: null, pipes: [], late: new Set() };
    this.pairs.add(pair);
    downstream.setNoDelay(true);
    const upstream = net.connect({ host: target.host, port: target.port, noDelay: true });
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    const forward = new DelayPipe(downstream, upstream, () => this.latencyMs);
    const backward = new DelayPipe(upstream, downstream, () => this.latencyMs);
    pair.pipes.push(forward, backward);
    const decoder = this.frameAware ? new FrameDecoder() : null;
    let framesSeen = 0;
    // Bytes that arrive before the upstream connection is up are held by net.Socket's own buffer.
    downstream.on('data', (chunk: Buffer) => {
      this.stats.forwardBytes += chunk.length;
      if (decoder === null) {
        forward.push(chunk);
        return;
      }
      let frames: Buffer[];
      try {
        frames = decoder.pushRaw(chunk);
      } catch {
        // A malformed stream (an oversized length, say): close the link's connection, as a node would.
        this.stats.badStreams++;
        this.destroyPair(pair);
        return;
      }
      for (const frame of frames) {
        framesSeen++;
        if (framesSeen > 1 && this.lossRate > 0 && this.lossRng !== null && this.lossRng.next() < this.lossRate) {
          this.stats.droppedFrames++;
          continue;
        }
        const rng = this.shuffleRng;
        if (framesSeen > 1 && rng !== null) {
          const { duplicateRate, reorderRate } = this.shuffle;
          if (reorderRate > 0 && rng.next() < reorderRate) {
            this.stats.reorderedFrames++;
            this.sendLate(pair, upstream, frame, rng);
            continue;
          }
          if (duplicateRate > 0 && rng.next() < duplicateRate) {
            this.stats.duplicatedFrames++;
            this.sendLate(pair, upstream, frame, rng);
          }
        }
        forward.push(frame);
      }
    });
    upstream.on('data', (chunk: Buffer) => backward.push(chunk));
    downstream.on('end', () => forward.end());
    upstream.on('end', () => backward.end());
    const teardown = (): void => {
      if (this.pairs.delete(pair)) this.destroyPair(pair);
    };
    downstream.on('close', teardown);
    upstream.on('close', teardown);
  }

  /** Write a whole frame to the target 1..maxLateMs ms from now (after any frames written meanwhile). */
  private sendLate(pair: Pair, upstream: net.Socket, frame: Buffer, rng: Rng): void {
    const delayMs = 1 + Math.floor(rng.next() * this.shuffle.maxLateMs);
    const timer = setTimeout(() => {
      pair.late.delete(timer);
      if (!upstream.destroyed && upstream.writable) upstream.write(frame);
    }, delayMs + this.latencyMs);
    pair.late.add(timer);
  }

  private destroyPair(pair: Pair): void {
    for (const timer of pair.late) clearTimeout(timer);
    pair.late.clear();
    for (const pipe of pair.pipes) pipe.stop();
    pair.downstream.destroy();
    pair.upstream?.destroy();
  }
}
