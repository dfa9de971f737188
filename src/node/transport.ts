// The peer transport of a node: one outbound PeerLink per peer (to NodeConfig.peerAddresses) and
// one inbound listener that accepts the links other nodes dialled to us. Raft messages travel as
// frames of encodeMessage(msg); a malformed frame or message closes that connection with a logged
// reason and never reaches the core.
import type { Message } from '../raft/types.js';
import type { FramedConnection } from './framed-connection.js';
import { ProtocolError, parseJsonFrame } from './framed-connection.js';
import { encodeFrame } from './framing.js';
import type { Listener } from './listener.js';
import { listenFramed } from './listener.js';
import type { ByteBudget } from './inbound-limits.js';
import { ENDPOINT_LIMITS } from './inbound-limits.js';
import { PeerLink } from './peer-link.js';

export interface TransportOptions {
  readonly selfId: number;
  readonly nodeIds: readonly number[];
  readonly peerAddresses: Readonly<Record<string, { readonly host: string; readonly port: number }>>;
  /** Port to listen on for inbound peer links (0 = any free port). */
  readonly listenPort: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly listenHost?: string;
  readonly encode: (message: Message) => string;
  /** Parses one message; throws (any error) when the text is not a valid message. */
  readonly decode: (text: string) => Message;
  readonly onMessage: (message: Message) => void;
  /** Problems (a closed connection and its reason). */
  readonly log: (line: string) => void;
  /** Routine news (a link connected). */
  readonly info?: (line: string) => void;
  /** The process's budget for partial inbound frames, and how long one may keep arriving. */
  readonly inboundBudget?: ByteBudget;
  readonly partialFrameTimeoutMs?: number;
}

export interface TransportStats {
  readonly sent: number;
  readonly received: number;
  readonly dropped: number;
}

export class PeerTransport {
  private readonly links = new Map<number, PeerLink>();
  private sent = 0;
  private received = 0;

  private constructor(
    private readonly options: TransportOptions,
    private readonly listener: Listener,
  ) {
    for (const peerId of options.nodeIds) {
      if (peerId === options.selfId) continue;
      const address = options.peerAddresses[String(peerId)];
      if (address === undefined) throw new Error(`no peer address for node ${peerId}`);
      this.links.set(
        peerId,
        new PeerLink({ selfId: options.selfId, peerId, host: address.host, port: address.port, log: options.info ?? options.log }),
      );
    }
  }

  static async start(options: TransportOptions): Promise<PeerTransport> {
    const fromOf = new WeakMap<FramedConnection, number>();
    const listener = await listenFramed('peer', options.listenPort, {
      ...(options.listenHost !== undefined ? { host: options.listenHost } : {}),
      log: options.log,
      limits: ENDPOINT_LIMITS.peer,
      ...(options.inboundBudget === undefined ? {} : { budget: options.inboundBudget }),
      ...(options.partialFrameTimeoutMs === undefined ? {} : { partialFrameTimeoutMs: options.partialFrameTimeoutMs }),
      onFrame: (body, connection) => {
        const from = fromOf.get(connection);
        if (from === undefined) {
          fromOf.set(connection, parseHello(body, options));
          return;
        }
        const message = decodeOrThrow(body, options.decode);
        if (message.from !== from) throw new ProtocolError(`message from n${message.from} on the link from n${from}`);
        if (message.to !== options.selfId) throw new ProtocolError(`message for n${message.to} reached n${options.selfId}`);
        transport.received++;
        options.onMessage(message);
      },
    });
    const transport = new PeerTransport(options, listener);
    return transport;
  }

  get port(): number {
    return this.listener.port;
  }

  /** The inbound peer listener (its connections and refusals, for diagnostics). */
  get inbound(): Listener {
    return this.listener;
  }

  send(message: Message): void {
    const link = this.links.get(message.to);
    if (link === undefined) {
      this.options.log(`dropping a ${message.type} for unknown node ${message.to}`);
      return;
    }
    this.sent++;
    link.send(encodeFrame(this.options.encode(message)));
  }

  /** Hand every message sent so far to the kernel now (frames are otherwise batched per tick). */
  flush(): void {
    for (const link of this.links.values()) link.flush();
  }

  /** True when the outbound link to `peerId` is connected. */
  isConnected(peerId: number): boolean {
    return this.links.get(peerId)?.linkState === 'connected';
  }

  stats(): TransportStats {
    let dropped = 0;
    for (const link of this.links.values()) dropped += link.dropped;
    return { sent: this.sent, received: this.received, dropped };
  }

  async close(): Promise<void> {
    for (const link of this.links.values()) link.close();
    await this.listener.close();
  }
}

function parseHello(body: string, options: TransportOptions): number {
  const hello = parseJsonFrame(body) as { type?: unknown; from?: unknown } | null;
  if (hello === null || typeof hello !== 'object' || hello.type !== 'hello' || typeof hello.from !== 'number') {
    throw new ProtocolError(`expected a PeerHello first, got ${body.slice(0, 80)}`);
  }
  if (hello.from === options.selfId || !options.nodeIds.includes(hello.from)) {
    throw new ProtocolError(`PeerHello from unknown node ${hello.from}`);
  }
  return hello.from;
}

function decodeOrThrow(body: string, decode: (text: string) => Message): Message {
  try {
    return decode(body);
  } catch (error) {
    throw new ProtocolError(`malformed Raft message (${(error as Error).message}): ${body.slice(0, 80)}`);
  }
}
