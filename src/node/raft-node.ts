// One real Raft node: the shared host Ready loop (src/host) over durable file storage, the TCP
// peer transport, the controllable clock, and the client and control endpoints.
//
// Inputs (peer messages, ticks, client requests) are queued and handled together once per turn of
// the event loop (setImmediate): the core's Ready is held back meanwhile (gated-core.ts), so a
// burst of requests and messages costs one WAL write, one fsync and one send per peer.
import { Host } from '../host/index.js';
import type { HostReply, HostReadMode } from '../host/index.js';
import type { NodeEvent } from '../history/events.js';
import { createRaft, createRng } from '../raft/index.js';
import { decodeMessage, encodeMessage } from '../raft/codec.js';
import type { Message, NodeId, RaftConfig } from '../raft/types.js';
import { asNodeId } from '../raft/types.js';
import { encodeCommand } from '../statemachine/index.js';
import { KvStateMachine } from '../statemachine/index.js';
import { NodeClock, TickLoop } from './clock.js';
import type { NodeConfig } from './config.js';
import { EventLog } from './event-log.js';
import type { FramedConnection } from './framed-connection.js';
import type { GatedCore } from './gated-core.js';
import { gateCore } from './gated-core.js';
import { LatencyWindow } from './latency-window.js';
import type { Listener } from './listener.js';
import { listenFramed } from './listener.js';
import { ByteBudget, DEFAULT_INBOUND_BUFFER_BYTES, DEFAULT_PARTIAL_FRAME_TIMEOUT_MS, ENDPOINT_LIMITS } from './inbound-limits.js';
import type { Logger } from './logger.js';
import type { ClientReply, ClientRequest, ControlReply, ControlRequest, NodeStatus, ReadyLine } from './protocol.js';
import { parseClientRequest, parseControlRequest } from './requests.js';
import { FileStorage } from './storage/file-storage.js';
import { PeerTransport } from './transport.js';

type Input =
  | { readonly kind: 'message'; readonly message: Message }
  | { readonly kind: 'ticks'; readonly count: number }
  | { readonly kind: 'client'; readonly request: ClientRequest; readonly connection: FramedConnection; readonly atMs: number };

export interface NodeCounters {
  batches: number;
  inputs: number;
  clientRequests: number;
  clientReplies: number;
}

export class RaftNode {
  private readonly inbox: Input[] = [];
  private drainScheduled = false;
  private earlySend = false;
  /** 'starting': listening, but the host is not built yet; inputs wait in the inbox. */
  private state: 'starting' | 'running' | 'stopping' | 'stopped' = 'starting';
  readonly counters: NodeCounters = { batches: 0, inputs: 0, clientRequests: 0, clientReplies: 0 };
  private host!: Host;
  private core!: GatedCore;
  private transport!: PeerTransport;
  private clientListener!: Listener;
  private controlListener!: Listener;
  private tickLoop!: TickLoop;
  private readonly clock = new NodeClock();
  /** Request arrival to reply, as seen inside the node (diagnostics in the status). */
  private readonly readLatency = new LatencyWindow();
  private readonly writeLatency = new LatencyWindow();
  private readonly fsyncLatency = new LatencyWindow();
  private readonly drainLatency = new LatencyWindow();
  private readonly events: EventLog;
  private readonly storage: FileStorage;
  /** Bytes of partial frames all inbound connections (peer, client, control) may hold together. */
  private readonly inboundBudget: ByteBudget;

  private constructor(
    readonly config: NodeConfig,
    private readonly log: Logger,
    private readonly onStopped: (exitCode: number) => void,
  ) {
    this.events = new EventLog(config.eventLogPath);
    this.inboundBudget = new ByteBudget(config.inboundBufferBytes ?? DEFAULT_INBOUND_BUFFER_BYTES);
    // Throws StorageError on storage it cannot start from: the caller reports it and exits non-zero.
    this.storage = FileStorage.open(config.dataDir, { warn: (line) => log.warn(line) });
    this.storage.onFsync = (ms) => this.fsyncLatency.record(ms);
  }

  static async start(config: NodeConfig, log: Logger, onStopped: (exitCode: number) => void): Promise<RaftNode> {
    const node = new RaftNode(config, log, onStopped);
    await node.listen();
    return node;
  }

  private async listen(): Promise<void> {
    const { config, log } = this;
    const logLine = (line: string): void => log.warn(line);
    const inbound = {
      budget: this.inboundBudget,
      partialFrameTimeoutMs: config.partialFrameTimeoutMs ?? DEFAULT_PARTIAL_FRAME_TIMEOUT_MS,
    };
    const host = config.listenHost !== undefined ? { host: config.listenHost } : {};
    this.transport = await PeerTransport.start({
      inboundBudget: inbound.budget,
      partialFrameTimeoutMs: inbound.partialFrameTimeoutMs,
      selfId: config.id,
      nodeIds: config.nodeIds,
      peerAddresses: config.peerAddresses,
      listenPort: config.peerPort ?? 0,
      ...(config.listenHost !== undefined ? { listenHost: config.listenHost } : {}),
      encode: encodeMessage,
      decode: decodeMessage,
      onMessage: (message) => this.enqueue({ kind: 'message', message }),
      log: logLine,
      info: (line) => log.info(line),
    });
    this.clientListener = await listenFramed('client', config.clientPort ?? 0, {
      ...inbound,
      ...host,
      limits: ENDPOINT_LIMITS.client,
      log: logLine,
      onFrame: (body, connection) => {
        const request = parseClientRequest(body);
        this.counters.clientRequests++;
        this.enqueue({ kind: 'client', request, connection, atMs: performance.now() });
      },
    });
    this.controlListener = await listenFramed('control', config.controlPort ?? 0, {
      ...inbound,
      ...host,
      limits: ENDPOINT_LIMITS.control,
      log: logLine,
      onFrame: (body, connection) => this.onControl(parseControlRequest(body), connection),
    });

    const raftConfig: RaftConfig = {
      id: asNodeId(config.id),
      peers: config.nodeIds.map((id) => asNodeId(id)),
      electionTicks: config.electionTicks,
      heartbeatTicks: config.heartbeatTicks,
      preVote: config.preVote,
      checkQuorum: config.checkQuorum,
      maxEntriesPerAppend: config.maxEntriesPerAppend ?? 512,
      leaseTicks: config.leaseTicks,
      rng: createRng(config.seed),
      bugs: new Set(config.bugs),
    };
    const storage = this.storage;
    const events = this.events;
    // Raft thesis §10.2.1: a leader may send AppendEntries before its own log write is durable,
    // provided it does not count itself toward a commit until it is. Here the fsync runs before
    // this drain returns, and no follower's reply can be read before the next drain, so every
    // reply the core counts finds the leader's own copy already durable. Everything else (votes,
    // replies, client answers) waits for the fsync. A single node commits without any reply, so
    // it never sends early.
    this.earlySend = (config.leaderSendBeforeSync ?? true) && config.nodeIds.length > 1;
    storage.deferSync = this.earlySend;
    this.host = new Host({
      config: raftConfig,
      stateMachine: new KvStateMachine(),
      snapshotEveryEntries: config.snapshotEveryEntries,
      storage: {
        load: () => storage.load(),
        // The Ready's events go to events.jsonl before its state is persisted.
        save: (parts) => {
          events.flush();
          storage.save(parts);
        },
        compact: (snapshot) => {
          events.flush();
          storage.compact(snapshot);
        },
      },
      send: (message) => {
        events.flush();
        if (storage.syncPending && !(this.earlySend && message.type === 'AppendEntries' && !storage.termOrVotePending)) {
          this.syncStorage();
        }
        this.transport.send(message);
      },
      events: (event: NodeEvent) => events.append(event),
      clock: { nowNs: () => Math.round((performance.timeOrigin + performance.now() - config.runEpochMs) * 1e6) },
      createCore: (cfg, persisted) => {
        this.core = gateCore(createRaft(cfg, persisted));
        return this.core;
      },
    });
    events.flush();
    this.syncStorage();
    this.state = 'running';
    if (this.inbox.length > 0) this.scheduleDrain(); // what arrived while the host was being built

    // Catch-up after a forward clock jump is capped at two election timeouts of ticks.
    this.tickLoop = new TickLoop(this.clock, config.tickMs, 2 * config.electionTicks, (count) =>
      this.enqueue({ kind: 'ticks', count }),
    );
    this.tickLoop.start();
  }

  readyLine(): ReadyLine {
    return {
      id: this.config.id,
      peerPort: this.transport.port,
      clientPort: this.clientListener.port,
      controlPort: this.controlListener.port,
      pid: process.pid,
    };
  }

  status(): NodeStatus {
    const s = this.host.status();
    return {
      id: this.config.id,
      role: s.role,
      term: s.term,
      leader: s.leader,
      commit: s.commit,
      applied: this.host.applied(),
      lastIndex: s.lastIndex,
      clockOffsetMs: this.clock.offsetMs,
      clockRate: this.clock.rate,
      fsyncs: this.storage.getStats().fsyncs,
      batches: this.counters.batches,
      peerDropped: this.transport.stats().dropped,
      latencyMs: {
        read: latencySummary(this.readLatency),
        write: latencySummary(this.writeLatency),
        fsync: latencySummary(this.fsyncLatency),
        batch: latencySummary(this.drainLatency),
      },
      inbound: {
        bufferedBytes: this.inboundBudget.usedBytes,
        bufferLimitBytes: this.inboundBudget.limitBytes,
        connections: {
          peer: this.transport.inbound.connections.size,
          client: this.clientListener.connections.size,
          control: this.controlListener.connections.size,
        },
        refused: {
          peer: this.transport.inbound.refusedConnections,
          client: this.clientListener.refusedConnections,
          control: this.controlListener.refusedConnections,
        },
      },
      rssBytes: process.memoryUsage.rss(),
    };
  }

  /** Graceful stop: finish what is queued, close sockets and files, then onStopped(0). */
  async stop(reason: string): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    this.log.info(`stopping (${reason})`);
    this.tickLoop.stop();
    if (this.inbox.length > 0) this.drain();
    await Promise.all([this.transport.close(), this.clientListener.close(), this.controlListener.close()]);
    this.events.close();
    this.storage.close();
    this.state = 'stopped';
    this.onStopped(0);
  }

  /** Let the messages already allowed out leave, then fdatasync whatever is pending. */
  private syncStorage(): void {
    if (!this.storage.syncPending) return;
    this.transport.flush();
    this.storage.sync();
  }

  private enqueue(input: Input): void {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.inbox.push(input);
    if (this.state === 'running') this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => this.drain());
  }

  /** Handle every queued input with the Ready held back, then release one Ready for all of them. */
  private drain(): void {
    this.drainScheduled = false;
    if (this.inbox.length === 0) return;
    const startMs = performance.now();
    const batch = this.inbox.splice(0, this.inbox.length);
    this.counters.batches++;
    this.counters.inputs += batch.length;
    this.core.closeGate();
    try {
      for (const input of batch) this.handle(input);
    } finally {
      this.core.openGate();
    }
    // Any host entry point runs the Ready loop; a local read of nothing is one without effects.
    this.host.read('', 'local', () => {});
    this.events.flush();
    this.syncStorage();
    this.drainLatency.record(performance.now() - startMs);
  }

  private handle(input: Input): void {
    switch (input.kind) {
      case 'message':
        this.host.receive(input.message);
        return;
      case 'ticks':
        for (let i = 0; i < input.count; i++) this.host.tick();
        return;
      case 'client':
        this.handleClient(input.request, input.connection, input.atMs);
        return;
      default: {
        const never: never = input;
        throw new Error(`unknown input ${JSON.stringify(never)}`);
      }
    }
  }

  private handleClient(request: ClientRequest, connection: FramedConnection, atMs: number): void {
    const answer = (reply: HostReply): void => {
      this.events.flush(); // the apply events of this answer are in the file first
      this.syncStorage(); // and nothing is answered before the log is durable
      this.counters.clientReplies++;
      (request.op === 'read' ? this.readLatency : this.writeLatency).record(performance.now() - atMs);
      connection.send(toClientReply(request.id, reply));
    };
    const { clientId, seq, key } = request;
    switch (request.op) {
      case 'read':
        this.host.read(key, this.config.readMode as HostReadMode, answer);
        return;
      case 'write':
        this.host.submit(encodeCommand({ op: 'write', key, value: request.value, clientId, seq }), answer);
        return;
      case 'cas':
        this.host.submit(encodeCommand({ op: 'cas', key, from: request.value[0], to: request.value[1], clientId, seq }), answer);
        return;
      default: {
        const never: never = request;
        throw new Error(`unknown client op ${JSON.stringify(never)}`);
      }
    }
  }

  private onControl(request: ControlRequest, connection: FramedConnection): void {
    const reply = (r: ControlReply): void => connection.send(r);
    if (this.state === 'starting') {
      reply({ id: request.id, ok: false, error: 'starting: not ready yet' });
      return;
    }
    switch (request.cmd) {
      case 'status':
        reply({ id: request.id, ok: true, status: this.status() });
        return;
      case 'clock':
        try {
          this.clock.set(request.offsetMs, request.rate);
        } catch (error) {
          reply({ id: request.id, ok: false, error: (error as Error).message });
          return;
        }
        this.log.info(`clock set: offset ${request.offsetMs} ms, rate ${request.rate}`);
        reply({ id: request.id, ok: true, status: this.status() });
        return;
      case 'stop':
        reply({ id: request.id, ok: true, status: this.status() });
        // Let the reply leave before the sockets close.
        setImmediate(() => void this.stop('stop requested on the control endpoint'));
        return;
      default: {
        const never: never = request;
        throw new Error(`unknown control command ${JSON.stringify(never)}`);
      }
    }
  }
}

function latencySummary(window: LatencyWindow): { count: number; p50: number; p99: number; max: number } | null {
  const ps = window.percentiles([50, 99, 100]);
  return ps === null ? null : { count: window.count, p50: ps[0]!, p99: ps[1]!, max: ps[2]! };
}

function toClientReply(id: number, reply: HostReply): ClientReply {
  switch (reply.kind) {
    case 'ok':
      return { id, status: 'ok', value: reply.value as number | null };
    case 'fail':
      return reply.definite ? { id, status: 'fail', reason: reply.reason } : { id, status: 'unknown', reason: reply.reason };
    case 'redirect':
      return { id, status: 'redirect', leader: reply.leader as NodeId | null };
    default: {
      const never: never = reply;
      throw new Error(`unknown host reply ${JSON.stringify(never)}`);
    }
  }
}
