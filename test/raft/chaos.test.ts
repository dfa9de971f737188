// Randomized runs of the core under a hostile network (loss, duplication, reordering, partitions)
// and crashes, checking Raft's safety properties (paper Figure 3) after every step and liveness
// after healing. This is the core's own quick sweep; the simulator's sweep (test/sim) is larger.
// A failure prints the seed; replay it with RAFT_CORE_SEED=<seed> npx vitest run test/raft/chaos.test.ts
// More seeds: RAFT_CORE_SEEDS=1000; with a bug switched on: RAFT_CORE_BUGS=local-reads,...
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/raft/index.js';
import { asIndex, asNodeId } from '../../src/raft/types.js';
import type { BugName, Entry, Message, NodeId, Rng } from '../../src/raft/types.js';
import { Cluster } from './helpers/cluster.js';
import { pick } from '../../src/util/rng.js';

interface Outcome {
  readonly violations: string[];
  readonly commits: number;
  readonly reads: number;
}

function runSeed(seed: number, bugs: readonly BugName[] = []): Outcome {
  const rng = createRng(seed);
  const size = pick(rng, [3, 5]);
  const preVote = rng.next() < 0.5;
  const checkQuorum = rng.next() < 0.5;
  const c = new Cluster({
    size,
    seed,
    electionTicks: 10,
    heartbeatTicks: 2,
    preVote,
    checkQuorum,
    maxEntriesPerAppend: pick(rng, [1, 4, 64]),
    leaseTicks: 6,
    bugs,
  });
  const tickRate = new Map(c.ids.map((id) => [id, 1 - rng.next() * 0.15]));
  const violations: string[] = [];
  const leaderOfTerm = new Map<number, NodeId>();
  const committedAt = new Map<number, string>();
  const lastTerm = new Map<NodeId, number>();
  /** Highest index any node applied before each read was asked (reads must not go below it). */
  const readFloor = new Map<string, number>();
  let reads = 0;
  let proposals = 0;

  const entryKey = (e: Entry): string => `${e.term}:${e.kind}:${e.data}`;
  const highestApplied = (): number => Math.max(0, ...c.ids.map((id) => (c.applied.get(id) ?? []).at(-1)?.index ?? 0));

  const votes = new Map<string, NodeId>();
  const checkedApplied = new Map<NodeId, number>();

  /** Log Matching (§5.3): two logs with the same entry at an index agree on everything before it. */
  const checkLogMatching = (): void => {
    const running = c.running();
    for (const [k, a] of running.entries()) {
      for (const b of running.slice(k + 1)) {
        const sa = c.core(a).status();
        const sb = c.core(b).status();
        const lo = Math.max(sa.snapshotIndex, sb.snapshotIndex) + 1;
        const hi = Math.min(sa.lastIndex, sb.lastIndex);
        if (hi < lo) continue;
        const ea = c.core(a).entries(asIndex(lo), asIndex(hi));
        const eb = c.core(b).entries(asIndex(lo), asIndex(hi));
        let agreeFrom = -1;
        for (let i = ea.length - 1; i >= 0; i--) {
          if (ea[i]?.term === eb[i]?.term) {
            agreeFrom = i;
            break;
          }
        }
        for (let i = 0; i <= agreeFrom; i++) {
          const x = ea[i] as Entry;
          const y = eb[i] as Entry;
          if (entryKey(x) !== entryKey(y)) {
            violations.push(`log matching: nodes ${a} and ${b} share index ${lo + agreeFrom} but differ at ${x.index} (${entryKey(x)} vs ${entryKey(y)})`);
            return;
          }
        }
      }
    }
  };

  const check = (): void => {
    // Observe only what the host was handed (a term never persisted may be lost in a crash).
    for (const id of c.running()) c.handleReady(id);
    for (const id of c.ids) {
      for (const ev of c.events.get(id) ?? []) {
        if (ev.kind === 'vote') {
          const key = `${id}@${ev.term}`;
          const before = votes.get(key);
          if (before !== undefined && before !== ev.for) violations.push(`node ${id} voted for ${before} and ${ev.for} in term ${ev.term}`);
          votes.set(key, ev.for);
        }
        if (ev.kind === 'role' && ev.role === 'leader') {
          const other = leaderOfTerm.get(ev.term);
          if (other !== undefined && other !== id) violations.push(`two leaders in term ${ev.term}: ${other} and ${id}`);
          leaderOfTerm.set(ev.term, id);
        }
      }
      c.events.set(id, []);
      const applied = c.applied.get(id) ?? [];
      // Only what is new since the last check (a restart shortens the list: start over then).
      const seen = checkedApplied.get(id) ?? 0;
      const from = Math.max(0, Math.min(seen, applied.length) - 1);
      checkedApplied.set(id, applied.length);
      for (let k = from; k < applied.length; k++) {
        const e = applied[k] as Entry;
        const prev = applied[k - 1];
        if (prev && e.index !== prev.index + 1) violations.push(`node ${id} applied ${e.index} after ${prev.index}`);
        const known = committedAt.get(e.index);
        if (known === undefined) committedAt.set(e.index, entryKey(e));
        else if (known !== entryKey(e)) violations.push(`node ${id} applied ${entryKey(e)} at ${e.index}, another applied ${known}`);
      }
      if (!c.down.has(id)) {
        const t = c.core(id).status().term;
        if (t < (lastTerm.get(id) ?? 0)) violations.push(`node ${id} term went from ${lastTerm.get(id)} to ${t}`);
        lastTerm.set(id, t);
      }
      for (const rs of c.readStates.get(id) ?? []) {
        reads++;
        const floor = readFloor.get(rs.requestId) ?? 0;
        if (rs.index < floor) violations.push(`read ${rs.requestId} at index ${rs.index}, but ${floor} was applied before it was asked`);
      }
      c.readStates.set(id, []);
    }
  };

  const deliverSome = (): void => {
    for (const id of c.running()) c.handleReady(id);
    const batch = c.inflight;
    c.inflight = [];
    const keep: Message[] = [];
    for (const m of batch) {
      const roll = rng.next();
      if (roll < 0.08) continue; // lost
      if (roll < 0.2) {
        keep.push(m); // delayed: delivered in a later round (reordering)
        continue;
      }
      c.deliver(m);
      if (roll > 0.97) c.deliver(m); // duplicated
    }
    c.inflight.push(...keep);
  };

  for (let stepNo = 0; stepNo < 600; stepNo++) {
    const roll = rng.next();
    if (roll < 0.01) {
      const victim = pick(rng, c.running());
      if (c.running().length > 1) c.crash(victim);
    } else if (roll < 0.03) {
      const crashed = [...c.down];
      if (crashed.length > 0) {
        const id = pick(rng, crashed);
        c.restart(id);
        checkedApplied.delete(id); // its state machine starts over from the snapshot
      }
    } else if (roll < 0.04) {
      c.cut.clear();
      for (const id of c.ids) if (rng.next() < 0.3) c.disconnect(id);
    } else if (roll < 0.06) {
      c.cut.clear();
    } else if (roll < 0.2) {
      for (const id of c.running()) {
        if (c.core(id).status().role === 'leader' && c.core(id).propose(`s${seed}-p${proposals}`) !== null) proposals++;
      }
    } else if (roll < 0.24) {
      for (const id of c.running()) {
        const requestId = `s${seed}-r${stepNo}-n${id}`;
        readFloor.set(requestId, highestApplied());
        c.core(id).readIndex(requestId, rng.next() < 0.5 ? 'lease' : 'read-index');
      }
    } else if (roll < 0.26) {
      for (const id of c.running()) {
        const st = c.core(id).status();
        if (st.applied > st.snapshotIndex + 3) c.compact(id, st.applied - 1);
      }
    }
    // Every running node ticks, each at its own rate (clock drift of up to 15%), then messages move.
    for (const id of c.running()) if (rng.next() < (tickRate.get(id) ?? 1)) c.core(id).tick();
    deliverSome();
    deliverSome();
    check();
    if (stepNo % 10 === 0) checkLogMatching();
    if (violations.length > 0) break;
  }

  if (violations.length > 0) return { violations, commits: committedAt.size, reads };

  // Heal: everyone up and connected, a perfect network; a leader must appear and all converge.
  c.cut.clear();
  for (const id of [...c.down]) {
    c.restart(id);
    checkedApplied.delete(id);
  }
  c.settle();
  // As the lab's one(): submit through the newest leader until every node applied it.
  const finalCmd = `s${seed}-final`;
  const appliedEverywhere = (): boolean => c.ids.every((id) => c.appliedData(id).includes(finalCmd));
  for (let attempt = 0; attempt < 10 && !appliedEverywhere(); attempt++) {
    c.electLeader(300);
    const newest = [...c.leaders()].sort((a, b) => c.core(b).status().term - c.core(a).status().term)[0] as NodeId;
    c.core(newest).propose(finalCmd);
    c.tick(20);
  }
  check();
  for (const id of c.ids) {
    if (!c.appliedData(id).includes(finalCmd)) violations.push(`node ${id} did not apply the final command after healing`);
  }
  return { violations, commits: committedAt.size, reads };
}

describe('randomized core runs (safety after every step, liveness after healing)', () => {
  const only = process.env.RAFT_CORE_SEED;
  const count = Number(process.env.RAFT_CORE_SEEDS ?? 60);
  const seeds = only ? [Number(only)] : Array.from({ length: count }, (_, i) => i + 1);
  it(`holds for seeds ${seeds[0]}..${seeds.at(-1)}`, () => {
    let commits = 0;
    let reads = 0;
    for (const seed of seeds) {
      let out: Outcome;
      try {
        out = runSeed(seed, (process.env.RAFT_CORE_BUGS?.split(',').filter(Boolean) ?? []) as BugName[]);
      } catch (err) {
        throw new Error(`seed ${seed} threw: ${(err as Error).message}\nreplay: RAFT_CORE_SEED=${seed} npx vitest run test/raft/chaos.test.ts`, { cause: err });
      }
      if (out.violations.length > 0) {
        throw new Error(`seed ${seed}: ${out.violations.slice(0, 5).join('; ')}\nreplay: RAFT_CORE_SEED=${seed} npx vitest run test/raft/chaos.test.ts`);
      }
      commits += out.commits;
      reads += out.reads;
    }
    // The runs must actually do something, or they prove nothing.
    expect(commits).toBeGreaterThan(seeds.length * 10);
    expect(reads).toBeGreaterThan(seeds.length);
  });

  it.each([['vote-without-log-check'], ['local-reads']] as const)(
    'catches the %s bug within a few seeds (the checks can fail)',
    (bug) => {
      const caught = Array.from({ length: 40 }, (_, i) => i + 1).find((seed) => runSeed(seed, [bug]).violations.length > 0);
      expect(caught).toBeDefined();
    },
  );
});
