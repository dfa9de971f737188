import { describe, expect, it } from 'vitest';
import { entryId } from '../../src/history/digest.js';
import type { NodeEvent } from '../../src/history/events.js';
import { Host, entryDigest } from '../../src/host/host.js';
import { MemoryStorage } from '../../src/host/memory-storage.js';
import type { HostReply } from '../../src/host/types.js';
import { decodeMessage, encodeMessage } from '../../src/raft/codec.js';
import { createRng } from '../../src/raft/index.js';
import type { BugName, Message } from '../../src/raft/types.js';
import { asNodeId } from '../../src/raft/types.js';
import { encodeCommand } from '../../src/statemachine/command.js';
import { KvStateMachine } from '../../src/statemachine/kv.js';

/** A few hosts wired by hand: messages wait in a queue until deliver(); cut links drop them. */
class Rig {
  readonly hosts = new Map<number, Host>();
  readonly storages = new Map<number, MemoryStorage>();
  readonly events = new Map<number, NodeEvent[]>();
  readonly queue: Message[] = [];
  readonly isolated = new Set<number>();
  timeNs = 0;

  constructor(
    readonly n: number,
    readonly snapshotEveryEntries = 0,
    readonly bugs: ReadonlySet<BugName> = new Set(),
  ) {
    for (let id = 1; id <= n; id++) {
      this.storages.set(id, new MemoryStorage());
      this.boot(id);
    }
  }

  boot(id: number): Host {
    const events = this.events.get(id) ?? [];
    this.events.set(id, events);
    const host = new Host({
      config: {
        id: asNodeId(id),
        peers: Array.from({ length: this.n }, (_, i) => asNodeId(i + 1)),
        electionTicks: 10,
        heartbeatTicks: 2,
        preVote: false,
        checkQuorum: false,
        maxEntriesPerAppend: 64,
        leaseTicks: 0,
        rng: createRng(id * 7919 + this.hosts.size),
        bugs: this.bugs,
      },
      storage: this.storages.get(id)!,
      stateMachine: new KvStateMachine(),
      send: (m) => this.queue.push(decodeMessage(encodeMessage(m))),
      events: (e) => events.push(e),
      clock: { nowNs: () => this.timeNs },
      snapshotEveryEntries: this.snapshotEveryEntries,
    });
    this.hosts.set(id, host);
    return host;
  }

  host(id: number): Host {
    return this.hosts.get(id)!;
  }

  deliver(): void {
    for (let guard = 0; this.queue.length > 0; guard++) {
      if (guard > 100_000) throw new Error('message loop');
      const m = this.queue.shift()!;
      if (this.isolated.has(m.from) || this.isolated.has(m.to)) continue;
      this.hosts.get(m.to)?.receive(m);
    }
  }

  /** Tick only `who` (default all) until `done`, delivering after every tick. */
  tickUntil(done: () => boolean, who: readonly number[] = [...this.hosts.keys()], max = 1000): void {
    for (let i = 0; i < max; i++) {
      if (done()) return;
      this.timeNs += 10_000_000;
      for (const id of who) this.hosts.get(id)!.tick();
      this.deliver();
    }
    throw new Error('tickUntil: condition never held');
  }

  leader(among: readonly number[] = [...this.hosts.keys()]): number | null {
    let best: number | null = null;
    let term = -1;
    for (const id of among) {
      const s = this.host(id).status();
      if (s.role === 'leader' && s.term > term) {
        best = id;
        term = s.term;
      }
    }
    return best;
  }

  elect(among?: readonly number[]): number {
    this.tickUntil(() => this.leader(among) !== null, among);
    return this.leader(among)!;
  }
}

function write(key: string, value: number, clientId?: string, seq?: number): string {
  return encodeCommand({ op: 'write', key, value, ...(clientId !== undefined ? { clientId, seq: seq ?? 1 } : {}) });
}

describe('Host', () => {
  it('answers an applied proposal with its result and index, and logs boot, term, role, vote, append, commit, apply', () => {
    const rig = new Rig(1);
    rig.elect();
    const replies: HostReply[] = [];
    const index = rig.host(1).submit(write('a', 7), (r) => replies.push(r));
    expect(index).not.toBeNull();
    expect(replies).toEqual([{ kind: 'ok', value: 7, index }]);
    const kinds = new Set(rig.events.get(1)!.map((e) => e.kind));
    for (const k of ['boot', 'term', 'role', 'vote', 'append', 'commit', 'apply']) expect(kinds.has(k as NodeEvent['kind'])).toBe(true);
    const applies = rig.events.get(1)!.filter((e) => e.kind === 'apply');
    const last = applies[applies.length - 1]!;
    expect(last).toMatchObject({ kind: 'apply', node: 1, index, id: entryId({ kind: 'normal', data: write('a', 7) }) });
    // Persisted before being acknowledged.
    expect(rig.storages.get(1)!.lastIndex()).toBeGreaterThanOrEqual(index!);
  });

  it('with nothing-persisted, writes nothing to storage, so a restart begins in term 0 with an empty log', () => {
    for (const bugs of [new Set<BugName>(), new Set<BugName>(['nothing-persisted'])]) {
      const rig = new Rig(1, 0, bugs);
      rig.elect();
      const replies: HostReply[] = [];
      const index = rig.host(1).submit(write('a', 7), (r) => replies.push(r));
      rig.tickUntil(() => replies.length > 0);
      expect(replies[0]?.kind).toBe('ok'); // the write is acknowledged either way
      const kept = rig.storages.get(1)!.load();
      if (bugs.size === 0) {
        expect(kept.hardState.term).toBeGreaterThan(0);
        expect(rig.storages.get(1)!.lastIndex()).toBeGreaterThanOrEqual(index!);
      } else {
        expect(kept.hardState.term).toBe(0);
        expect(kept.entries).toHaveLength(0);
      }
    }
  });

  it('redirects a proposal on a follower to the leader it knows', () => {
    const rig = new Rig(3);
    const leader = rig.elect();
    rig.tickUntil(() => [1, 2, 3].every((id) => rig.host(id).status().leader === leader));
    const follower = [1, 2, 3].find((id) => id !== leader)!;
    const replies: HostReply[] = [];
    expect(rig.host(follower).submit(write('a', 1), (r) => replies.push(r))).toBeNull();
    expect(replies).toEqual([{ kind: 'redirect', leader }]);
  });

  it('serves reads: local at once (even if stale), read-index after a heartbeat round, log through the log', () => {
    const rig = new Rig(3);
    const leader = rig.elect();
    const got: Record<string, HostReply[]> = { local: [], index: [], log: [] };
    rig.host(leader).submit(write('k', 5), () => undefined);
    rig.deliver();
    rig.host(leader).read('k', 'read-index', (r) => got.index!.push(r));
    rig.host(leader).read('k', 'log', (r) => got.log!.push(r));
    rig.tickUntil(() => got.index!.length > 0 && got.log!.length > 0);
    expect(got.index![0]).toMatchObject({ kind: 'ok', value: 5 });
    expect(got.log![0]).toMatchObject({ kind: 'ok', value: 5 });
    // A follower cut off before the write answers a local read with the stale value.
    const rig2 = new Rig(3);
    const l2 = rig2.elect();
    rig2.tickUntil(() => [1, 2, 3].every((id) => rig2.host(id).status().commit === rig2.host(l2).status().commit));
    const cut = [1, 2, 3].find((id) => id !== l2)!;
    rig2.isolated.add(cut);
    rig2.host(l2).submit(write('k', 9), () => undefined);
    rig2.deliver();
    rig2.host(cut).read('k', 'local', (r) => got.local!.push(r));
    expect(got.local).toEqual([{ kind: 'ok', value: null, index: rig2.host(cut).applied() }]);
    // read-index on a follower is refused with the leader's id.
    const refused: HostReply[] = [];
    rig.host([1, 2, 3].find((id) => id !== leader)!).read('k', 'read-index', (r) => refused.push(r));
    rig.deliver();
    expect(refused[0]).toMatchObject({ kind: 'redirect' });
  });

  it("fails a proposal whose entry another leader overwrote with 'lost-leadership', outcome unknown", () => {
    const rig = new Rig(3);
    const old = rig.elect();
    rig.tickUntil(() => [1, 2, 3].every((id) => rig.host(id).status().commit === rig.host(old).status().commit));
    rig.isolated.add(old);
    const replies: HostReply[] = [];
    const index = rig.host(old).submit(write('a', 1, 'c1', 1), (r) => replies.push(r));
    rig.deliver();
    const others = [1, 2, 3].filter((id) => id !== old);
    const fresh = rig.elect(others);
    expect(fresh).not.toBe(old);
    rig.host(fresh).submit(write('a', 2), () => undefined);
    rig.tickUntil(() => rig.host(fresh).status().commit >= index!, others);
    rig.isolated.delete(old);
    rig.tickUntil(() => replies.length > 0);
    expect(replies).toEqual([{ kind: 'fail', reason: 'lost-leadership', definite: false }]);
    // Its entry never applied: every node holds a's value from the new leader.
    rig.tickUntil(() => rig.host(old).stateMachine().read('a') === 2);
  });

  it('takes a snapshot every N applied entries, compacts storage, and restores it at restart', () => {
    const rig = new Rig(1, 5);
    rig.elect();
    for (let v = 1; v <= 12; v++) rig.host(1).submit(write(`k${v % 3}`, v), () => undefined);
    const storage = rig.storages.get(1)!;
    expect(storage.snapshotIndex()).toBeGreaterThanOrEqual(10);
    expect(storage.load().entries.length).toBeLessThan(5);
    expect(rig.events.get(1)!.some((e) => e.kind === 'snapshot' && !e.installed)).toBe(true);
    // Crash and restart: the snapshot is loaded before the remaining log is re-applied.
    const before = rig.host(1).stateMachine().snapshot();
    const host = rig.boot(1);
    const boot = rig.events.get(1)!.filter((e) => e.kind === 'boot');
    expect(boot[1]).toMatchObject({ kind: 'boot', snapshotIndex: storage.snapshotIndex() });
    rig.elect();
    expect(host.stateMachine().read('k0')).toBe(12);
    expect(host.stateMachine().snapshot()).toBe(before);
  });

  it('with apply-holding-lock, deadlocks at the first snapshot point (inputs queue, nobody is answered, a restart deadlocks again); without it, snapshots happen and the node goes on', () => {
    const EVERY = 5;
    for (const bugs of [new Set<BugName>(), new Set<BugName>(['apply-holding-lock'])]) {
      const rig = new Rig(3, EVERY, bugs);
      const leader = rig.elect();
      rig.tickUntil(() => [1, 2, 3].every((id) => rig.host(id).status().commit === rig.host(leader).status().commit));
      const replies: HostReply[] = [];
      for (let v = 1; v <= 12; v++) {
        rig.host(leader).submit(write(`k${v % 3}`, v), (r) => replies.push(r));
        rig.deliver();
      }
      // Plenty of time for elections, retries and catch-up.
      for (let i = 0; i < 300; i++) {
        rig.timeNs += 10_000_000;
        for (const id of [1, 2, 3]) rig.host(id).tick();
        rig.deliver();
      }
      const snapshots = (id: number): number => rig.events.get(id)!.filter((e) => e.kind === 'snapshot' && !e.installed).length;
      if (bugs.size === 0) {
        expect(replies.filter((r) => r.kind === 'ok')).toHaveLength(12);
        for (const id of [1, 2, 3]) {
          expect(rig.host(id).deadlocked()).toBeNull();
          expect(rig.host(id).applied()).toBe(rig.host(leader).status().lastIndex);
          expect(snapshots(id)).toBeGreaterThanOrEqual(2);
          expect(rig.storages.get(id)!.snapshotIndex()).toBeGreaterThanOrEqual(2 * EVERY);
        }
        continue;
      }
      // The leader applied the entry at the snapshot point and stopped there, holding its lock.
      const stuck = rig.host(leader).deadlocked();
      expect(stuck).toMatchObject({ index: EVERY });
      expect(stuck!.queuedInputs).toBeGreaterThan(300); // every tick and message since waits
      expect(rig.host(leader).applied()).toBe(EVERY);
      // Every node that got that far deadlocked at the same index; none applied past it, none
      // snapshotted, and the replies of entries after the point never came.
      const deadlocked = [1, 2, 3].filter((id) => rig.host(id).deadlocked() !== null);
      expect(deadlocked.length).toBeGreaterThanOrEqual(2);
      for (const id of [1, 2, 3]) {
        expect(rig.host(id).applied()).toBeLessThanOrEqual(EVERY);
        if (rig.host(id).deadlocked() !== null) expect(rig.host(id).deadlocked()!.index).toBe(EVERY);
        expect(snapshots(id)).toBe(0);
        expect(rig.storages.get(id)!.snapshotIndex()).toBe(0);
      }
      expect(replies.filter((r) => r.kind === 'ok').length).toBeLessThan(EVERY);
      // A deadlocked node takes no input: no event, no reply, the core untouched.
      const before = rig.events.get(leader)!.length;
      const status = rig.host(leader).status();
      const late: HostReply[] = [];
      expect(rig.host(leader).submit(write('late', 1), (r) => late.push(r))).toBeNull();
      rig.host(leader).read('late', 'local', (r) => late.push(r));
      rig.host(leader).tick();
      rig.deliver();
      expect(late).toEqual([]);
      expect(rig.events.get(leader)!.length).toBe(before);
      expect(rig.host(leader).status()).toEqual(status);
      // A restart clears the lock (it is in memory); re-applying the log reaches the same point
      // and the node deadlocks there again.
      const restarted = rig.boot(leader);
      expect(restarted.deadlocked()).toMatchObject({ index: EVERY, queuedInputs: 0 });
      expect(restarted.applied()).toBe(EVERY);
    }
  });

  it('computes entry ids exactly as src/history/digest.ts does', () => {
    for (const [kind, data] of [['normal', ''], ['noop', ''], ['normal', '{"op":"write","key":"é","value":1}'], ['normal', 'x'.repeat(5000)]] as const) {
      expect(entryDigest(kind, data)).toBe(entryId({ kind, data }));
    }
  });
});
