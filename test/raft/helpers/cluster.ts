// A tiny in-test driver for a few Raft cores: it plays the host (persist, send, apply, advance)
// and a perfect network that can cut nodes off. Messages are delivered in send order, one
// round at a time, so the tests can reason about exactly what happens.
import { createRaft, createRng, emptyPersistedState } from '../../../src/raft/index.js';
import { asNodeId } from '../../../src/raft/types.js';
import type {
  BugName,
  Entry,
  Message,
  NodeId,
  PersistedState,
  RaftConfig,
  RaftCore,
  RaftEvent,
  ReadRejected,
  ReadState,
  Ready,
  Snapshot,
} from '../../../src/raft/types.js';

export interface ClusterOptions {
  readonly size?: number;
  readonly seed?: number;
  readonly electionTicks?: number;
  readonly heartbeatTicks?: number;
  readonly preVote?: boolean;
  readonly checkQuorum?: boolean;
  readonly maxEntriesPerAppend?: number;
  readonly leaseTicks?: number;
  readonly bugs?: readonly BugName[];
  /** The persisted state each node starts from (default: empty). */
  readonly initial?: (id: NodeId) => PersistedState;
}

interface Storage {
  hardState: PersistedState['hardState'];
  snapshot: Snapshot | null;
  entries: Entry[];
}

export class Cluster {
  readonly ids: NodeId[];
  readonly cores = new Map<NodeId, RaftCore>();
  readonly storage = new Map<NodeId, Storage>();
  readonly applied = new Map<NodeId, Entry[]>();
  readonly events = new Map<NodeId, RaftEvent[]>();
  readonly readStates = new Map<NodeId, ReadState[]>();
  readonly readRejections = new Map<NodeId, ReadRejected[]>();
  readonly snapshotsInstalled = new Map<NodeId, Snapshot[]>();
  readonly down = new Set<NodeId>();
  readonly cut = new Set<NodeId>();
  /** Messages sent and not yet delivered. */
  inflight: Message[] = [];
  /** Messages for which this returns true are lost. */
  dropIf: (m: Message) => boolean = () => false;
  /** Lets a test alter a message in flight. */
  rewrite: (m: Message) => Message = (m) => m;
  /** Every message sent, for counting. */
  readonly sent: Message[] = [];
  private restarts = 0;

  constructor(readonly options: ClusterOptions = {}) {
    const size = options.size ?? 3;
    this.ids = Array.from({ length: size }, (_, i) => asNodeId(i + 1));
    for (const id of this.ids) {
      const init = options.initial?.(id) ?? emptyPersistedState();
      this.storage.set(id, { hardState: init.hardState, snapshot: init.snapshot, entries: [...init.entries] });
      this.applied.set(id, []);
      this.events.set(id, []);
      this.readStates.set(id, []);
      this.readRejections.set(id, []);
      this.snapshotsInstalled.set(id, []);
      this.start(id);
    }
  }

  config(id: NodeId): RaftConfig {
    const o = this.options;
    return {
      id,
      peers: this.ids,
      electionTicks: o.electionTicks ?? 10,
      heartbeatTicks: o.heartbeatTicks ?? 1,
      preVote: o.preVote ?? false,
      checkQuorum: o.checkQuorum ?? false,
      maxEntriesPerAppend: o.maxEntriesPerAppend ?? 64,
      leaseTicks: o.leaseTicks ?? 0,
      rng: createRng((o.seed ?? 1) * 1000 + id * 7 + this.restarts),
      bugs: new Set(o.bugs ?? []),
    };
  }

  core(id: NodeId | number): RaftCore {
    const c = this.cores.get(asNodeId(id));
    if (!c) throw new Error(`node ${id} is not running`);
    return c;
  }

  start(id: NodeId): void {
    const s = this.storage.get(id) as Storage;
    this.restarts++;
    this.cores.set(id, createRaft(this.config(id), { hardState: s.hardState, snapshot: s.snapshot, entries: [...s.entries] }));
    // The state machine restarts from the snapshot, then re-applies committed entries.
    this.applied.set(id, (this.applied.get(id) ?? []).filter((e) => s.snapshot !== null && e.index <= s.snapshot.lastIndex));
    this.down.delete(id);
  }

  crash(id: NodeId | number): void {
    const nid = asNodeId(id);
    this.cores.delete(nid);
    this.down.add(nid);
    this.inflight = this.inflight.filter((m) => m.to !== nid && m.from !== nid);
  }

  restart(id: NodeId | number): void {
    this.start(asNodeId(id));
  }

  /** Cut a node off the network (it neither sends nor receives). */
  disconnect(id: NodeId | number): void {
    this.cut.add(asNodeId(id));
  }

  connect(id: NodeId | number): void {
    this.cut.delete(asNodeId(id));
  }

  running(): NodeId[] {
    return this.ids.filter((id) => !this.down.has(id));
  }

  /** Play the host for one node: persist, send, apply, advance. */
  handleReady(id: NodeId): Ready | null {
    const core = this.cores.get(id);
    if (!core || !core.hasReady()) return null;
    const rd = core.ready();
    const s = this.storage.get(id) as Storage;
    if (rd.hardState) s.hardState = rd.hardState;
    if (rd.snapshot) {
      s.snapshot = rd.snapshot;
      s.entries = [];
      this.snapshotsInstalled.get(id)?.push(rd.snapshot);
      this.applied.set(id, []);
    }
    if (rd.entries.length > 0) {
      const first = (rd.entries[0] as Entry).index;
      s.entries = s.entries.filter((e) => e.index < first).concat(rd.entries);
    }
    for (const m of rd.messages) {
      this.sent.push(m);
      if (!this.cut.has(id)) this.inflight.push(m);
    }
    this.applied.get(id)?.push(...rd.committedEntries);
    this.events.get(id)?.push(...rd.events);
    this.readStates.get(id)?.push(...rd.readStates);
    this.readRejections.get(id)?.push(...rd.readRejections);
    core.advance(rd);
    return rd;
  }

  /** Play the service: snapshot node `id` through `index` (it must have applied that far). */
  compact(id: NodeId | number, index: number): void {
    const nid = asNodeId(id);
    const data = JSON.stringify(this.appliedData(nid));
    this.core(nid).compact(index as Entry['index'], data);
    const s = this.storage.get(nid) as Storage;
    const st = this.core(nid).status();
    s.snapshot = { lastIndex: st.snapshotIndex, lastTerm: s.entries.find((e) => e.index === index)?.term ?? (0 as Entry['term']), data };
    s.entries = s.entries.filter((e) => e.index > index);
  }

  /** Run every node's Ready and deliver messages until nothing moves (or maxRounds). */
  settle(maxRounds = 100): void {
    for (let round = 0; round < maxRounds; round++) {
      for (const id of this.running()) this.handleReady(id);
      if (this.inflight.length === 0) return;
      const batch = this.inflight;
      this.inflight = [];
      for (const m of batch) this.deliver(m);
    }
  }

  deliver(m: Message): void {
    if (this.cut.has(m.to) || this.cut.has(m.from) || this.dropIf(m)) return;
    this.cores.get(m.to)?.step(this.rewrite(m));
  }

  /** Tick one node alone until it is leader (the others only answer); returns it. */
  campaignUntilLeader(id: NodeId | number, maxTicks = 200): NodeId {
    const nid = asNodeId(id);
    for (let t = 0; t < maxTicks; t++) {
      if (this.core(nid).status().role === 'leader') return nid;
      this.core(nid).tick();
      this.settle();
    }
    throw new Error(`node ${nid} did not become leader within ${maxTicks} ticks`);
  }

  /** Advance every running node by `ticks` ticks, settling after each. */
  tick(ticks = 1): void {
    for (let t = 0; t < ticks; t++) {
      for (const id of this.running()) this.core(id).tick();
      this.settle();
    }
  }

  /** Leaders among connected running nodes. */
  leaders(): NodeId[] {
    return this.running().filter((id) => !this.cut.has(id) && this.core(id).status().role === 'leader');
  }

  /** Tick until exactly one connected leader exists; return it. */
  electLeader(maxTicks = 200): NodeId {
    for (let t = 0; t < maxTicks; t++) {
      const ls = this.leaders();
      if (ls.length === 1) return ls[0] as NodeId;
      this.tick();
    }
    throw new Error(`no single leader within ${maxTicks} ticks: ${this.leaders().join(',')}`);
  }

  /** Propose on the leader and settle; returns the index. */
  propose(data: string): number {
    const leader = this.electLeader();
    const index = this.core(leader).propose(data);
    if (index === null) throw new Error(`leader ${leader} refused the proposal`);
    this.settle();
    return index;
  }

  appliedData(id: NodeId | number): string[] {
    return (this.applied.get(asNodeId(id)) ?? []).filter((e) => e.kind === 'normal').map((e) => e.data);
  }

  countSent(filter: (m: Message) => boolean = () => true): number {
    return this.sent.filter(filter).length;
  }
}
