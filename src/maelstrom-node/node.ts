// Our Raft core and key-value state machine as a Maelstrom node: Maelstrom messages in and out
// (one JSON line each), Raft messages between nodes as bodies {type: "raft", m}, wall-clock
// ticks, and the log and hard state in raft-<id>/wal.log and snapshot.dat under the working
// directory (fsync'd before anything that depends on them is sent), so a node restarted in the
// same directory comes back with its state. Node n<i> of init's node_ids is Raft node i+1.
//
// Clients may send to any node: a follower that knows the leader proxies the request to it
// ({type: "proxy"} -> {type: "proxy_ok"}) and relays the answer; with no leader known it answers
// error 11 (temporarily-unavailable: certainly not done).
import path from 'node:path';
import { Host, type HostReply as ClientReply, type HostReadMode } from '../host/index.js';
import { createRng } from '../raft/index.js';
import { messageFromJson } from '../raft/codec.js';
import { asNodeId, type Message, type RaftConfig } from '../raft/types.js';
import { encodeCommand, KvStateMachine } from '../statemachine/index.js';
import { FileStorage } from '../node/storage/file-storage.js';
import { NodeClock, TickLoop } from '../node/clock.js';
import { ERROR, type Body, type Envelope } from '../subjects/maelstrom/protocol.js';
import { errorBody, replyBody, type KvRequestType } from './replies.js';

export interface MaelstromNodeSettings {
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly readMode: HostReadMode;
  readonly snapshotEveryEntries: number;
  /**
   * The directory (default: the working directory) under which node <id> keeps wal.log and
   * snapshot.dat, in raft-<id>/: Maelstrom itself starts every node in one directory.
   */
  readonly dataDir: string;
}

export const DEFAULT_MAELSTROM_NODE_SETTINGS: Omit<MaelstromNodeSettings, 'dataDir'> = {
  tickMs: 10,
  electionTicks: 20,
  heartbeatTicks: 4,
  readMode: 'read-index',
  snapshotEveryEntries: 1000,
};

/** How long a follower remembers a proxied request it has not heard back about. */
const PROXY_FORGET_MS = 30_000;

interface Proxied {
  readonly client: string;
  readonly clientMsgId: number;
  readonly atMs: number;
}

export class MaelstromRaftNode {
  private me = '';
  private names: string[] = [];
  private host: Host | null = null;
  private storage: FileStorage | null = null;
  private tickLoop: TickLoop | null = null;
  private nextMsgId = 1;
  private readonly proxied = new Map<number, Proxied>();

  constructor(
    private readonly settings: MaelstromNodeSettings,
    private readonly write: (envelope: Envelope) => void,
    private readonly log: (line: string) => void,
  ) {}

  handle(envelope: Envelope): void {
    const { body } = envelope;
    if (body.type === 'init') return this.init(envelope);
    if (this.host === null) {
      if (typeof body.msg_id === 'number') this.reply(envelope, errorBody(ERROR.temporarilyUnavailable, 'not initialised yet'));
      return;
    }
    switch (body.type) {
      case 'raft':
        return this.raft(body);
      case 'read':
      case 'write':
      case 'cas':
        return this.request(body.type, envelope.src, body, (answer) => this.reply(envelope, answer), true);
      case 'proxy':
        return this.proxyIn(envelope);
      case 'proxy_ok':
        return this.proxyOut(body);
      default:
        if (typeof body.msg_id === 'number') this.reply(envelope, errorBody(10, `unsupported message type ${JSON.stringify(body.type)}`));
    }
  }

  stop(): void {
    this.tickLoop?.stop();
    this.storage?.close();
  }

  private init(envelope: Envelope): void {
    const { body } = envelope;
    const nodeIds = body.node_ids;
    if (typeof body.node_id !== 'string' || !Array.isArray(nodeIds) || !nodeIds.every((n) => typeof n === 'string') || !nodeIds.includes(body.node_id)) {
      this.reply(envelope, errorBody(ERROR.malformedRequest, 'init needs node_id and node_ids (strings, node_id among them)'));
      return;
    }
    if (this.host !== null) {
      this.reply(envelope, { type: 'init_ok' });
      return;
    }
    this.me = body.node_id;
    this.names = nodeIds as string[];
    const s = this.settings;
    const storage = FileStorage.open(path.join(s.dataDir, `raft-${this.me}`), { warn: (line) => this.log(line) });
    this.storage = storage;
    const selfId = this.names.indexOf(this.me) + 1;
    const config: RaftConfig = {
      id: asNodeId(selfId),
      peers: this.names.map((_, i) => asNodeId(i + 1)),
      electionTicks: s.electionTicks,
      heartbeatTicks: s.heartbeatTicks,
      preVote: true,
      checkQuorum: true,
      maxEntriesPerAppend: 512,
      leaseTicks: 0,
      rng: createRng((process.pid * 2654435761 + Date.now()) >>> 0),
      bugs: new Set(),
    };
    this.host = new Host({
      config,
      storage,
      stateMachine: new KvStateMachine(),
      send: (m) => this.sendRaft(m),
      events: null,
      clock: { nowNs: () => Math.round(performance.now() * 1e6) },
      snapshotEveryEntries: s.snapshotEveryEntries,
    });
    const clock = new NodeClock();
    this.tickLoop = new TickLoop(clock, s.tickMs, 2 * s.electionTicks, (count) => {
      for (let i = 0; i < count; i++) this.host?.tick();
      this.forgetOldProxies();
    });
    this.tickLoop.start();
    this.log(`${this.me}: initialised; cluster ${this.names.join(', ')}; data in ${path.resolve(s.dataDir, `raft-${this.me}`)}`);
    this.reply(envelope, { type: 'init_ok' });
  }

  private sendRaft(m: Message): void {
    const dest = this.names[m.to - 1];
    if (dest === undefined) return;
    this.write({ src: this.me, dest, body: { type: 'raft', m } });
  }

  private raft(body: Body): void {
    let message: Message;
    try {
      message = messageFromJson(body.m);
    } catch (err) {
      this.log(`dropping a bad raft message: ${(err as Error).message}`);
      return;
    }
    this.host?.receive(message);
  }

  /** A read, write or cas from `client`; `mayProxy` is false for one already proxied here. */
  private request(type: KvRequestType, client: string, body: Body, answer: (reply: Body) => void, mayProxy: boolean): void {
    const host = this.host as Host;
    const key = typeof body.key === 'string' ? body.key : JSON.stringify(body.key ?? null);
    const seq = typeof body.msg_id === 'number' ? body.msg_id : undefined;
    const done = (reply: ClientReply): void => {
      if (reply.kind === 'redirect') {
        const leader = reply.leader === null ? undefined : this.names[reply.leader - 1];
        if (mayProxy && leader !== undefined && leader !== this.me) this.proxyTo(leader, client, body);
        else answer(errorBody(ERROR.temporarilyUnavailable, leader === undefined ? 'no leader known' : `not the leader; ${leader} is`));
        return;
      }
      answer(replyBody(type, reply, () => host.stateMachine().read(key)));
    };
    const value = body.value as number | string | null;
    switch (type) {
      case 'read':
        host.read(key, this.settings.readMode, done);
        return;
      case 'write':
        host.submit(encodeCommand({ op: 'write', key, value: value ?? null, clientId: client, ...(seq !== undefined ? { seq } : {}) }), done);
        return;
      case 'cas':
        host.submit(
          encodeCommand({
            op: 'cas',
            key,
            from: (body.from ?? null) as number | string | null,
            to: (body.to ?? null) as number | string | null,
            clientId: client,
            ...(seq !== undefined ? { seq } : {}),
          }),
          done,
        );
        return;
    }
  }

  private proxyTo(leader: string, client: string, request: Body): void {
    const msgId = this.nextMsgId++;
    this.proxied.set(msgId, { client, clientMsgId: request.msg_id as number, atMs: Date.now() });
    this.write({ src: this.me, dest: leader, body: { type: 'proxy', msg_id: msgId, client, request } });
  }

  /** At the leader: a request proxied by a follower. */
  private proxyIn(envelope: Envelope): void {
    const { body } = envelope;
    const request = body.request as Body | undefined;
    const client = body.client;
    if (typeof request !== 'object' || request === null || typeof client !== 'string') return;
    const type = request.type;
    if (type !== 'read' && type !== 'write' && type !== 'cas') return;
    this.request(type, client, request, (reply) => this.reply(envelope, { type: 'proxy_ok', reply }), false);
  }

  /** Back at the follower: relay the leader's answer to the client. */
  private proxyOut(body: Body): void {
    const id = body.in_reply_to;
    if (typeof id !== 'number') return;
    const p = this.proxied.get(id);
    if (p === undefined) return;
    this.proxied.delete(id);
    const reply = body.reply as Body;
    this.write({ src: this.me, dest: p.client, body: { ...reply, msg_id: this.nextMsgId++, in_reply_to: p.clientMsgId } });
  }

  private forgetOldProxies(): void {
    if (this.proxied.size === 0) return;
    const cutoff = Date.now() - PROXY_FORGET_MS;
    for (const [id, p] of this.proxied) if (p.atMs < cutoff) this.proxied.delete(id);
  }

  private reply(request: Envelope, body: Body): void {
    const inReplyTo = request.body.msg_id;
    this.write({
      src: this.me || (typeof request.body.node_id === 'string' ? request.body.node_id : ''),
      dest: request.src,
      body: { ...body, msg_id: this.nextMsgId++, ...(typeof inReplyTo === 'number' ? { in_reply_to: inReplyTo } : {}) },
    });
  }
}
