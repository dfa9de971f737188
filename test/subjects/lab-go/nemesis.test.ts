// lab-go's partition and crash packages and its stale-leader scenario, interpreted in virtual time
// against a small model of a lab Raft (election timeout 600 ms, heartbeats every 100 ms): a correct
// one, whose timer only a current leader resets, and one whose timer any leader's message resets.
// What must hold: the old leader is made deaf only after a newer one leads; the newest leader beside
// it is killed and restarted at once, the deaf one never; nothing else is killed while it is about;
// with the timer reset by any message the majority then stays leaderless longer than the lab's
// 5 s bound, with the correct model it elects again.
import { describe, expect, it } from 'vitest';
import type { Grudge } from '../../../src/plugins.js';
import { interpret, type ClusterView, type Gen, type GenOp, type World } from '../../../src/generators/index.js';
import { applyFault, createFaultState } from '../../../src/faults/apply.js';
import { seededRng } from '../../../src/util/rng.js';
import { labNemesis } from '../../../src/subjects/lab-go/nemesis.js';
import { staleLeaderScenario } from '../../../src/bugs/scenarios/stale-leader.js';

const ELECTION_TIMEOUT_MS = 600;
const TICK_MS = 10;

interface Applied {
  readonly atMs: number;
  readonly op: GenOp;
  /** The resolved nodes of a kill, the grudge of a partition. */
  readonly nodes?: readonly number[];
  readonly grudge?: Grudge;
  /** Leaders of a term below the highest term of the nodes up, when the op was applied. */
  readonly staleBefore: readonly number[];
}

/** A lab Raft reduced to terms, roles and election timers, over directed cuts and crashes. */
class ModelCluster {
  nowMs = 0;
  readonly term = new Map<number, number>();
  readonly leads = new Set<number>();
  readonly dead = new Set<number>();
  readonly lastHeardMs = new Map<number, number>();
  cut: Grudge = new Map();
  readonly applied: Applied[] = [];
  /** Ticks at which an up node that is not stale led. */
  readonly servedAtMs: number[] = [];

  constructor(
    readonly ids: readonly number[],
    private readonly resetByAny: boolean,
  ) {
    for (const id of ids) {
      this.term.set(id, 1);
      this.lastHeardMs.set(id, 0);
    }
    this.leads.add(ids[0]!);
  }

  hears(to: number, from: number): boolean {
    return !this.dead.has(from) && this.cut.get(to)?.has(from) !== true;
  }

  up(): number[] {
    return this.ids.filter((i) => !this.dead.has(i));
  }

  topTerm(): number {
    return Math.max(...this.up().map((i) => this.term.get(i)!));
  }

  stale(): number[] {
    const top = this.topTerm();
    return this.up().filter((i) => this.leads.has(i) && this.term.get(i)! < top);
  }

  private tick(): void {
    this.nowMs += TICK_MS;
    for (const x of this.up()) {
      for (const y of this.up()) {
        if (x === y || !this.hears(x, y)) continue;
        const tx = this.term.get(x)!;
        const ty = this.term.get(y)!;
        if (ty > tx) {
          this.term.set(x, ty);
          this.leads.delete(x);
        }
        if (this.leads.has(y) && !this.leads.has(x) && (this.resetByAny || ty >= this.term.get(x)!)) this.lastHeardMs.set(x, this.nowMs);
      }
    }
    for (const x of this.up()) {
      if (this.leads.has(x) || this.nowMs - this.lastHeardMs.get(x)! < ELECTION_TIMEOUT_MS + (x * 37) % 200) continue;
      const t = this.term.get(x)! + 1;
      this.term.set(x, t);
      this.lastHeardMs.set(x, this.nowMs);
      const voters = this.up().filter((v) => v === x || (this.hears(v, x) && this.hears(x, v) && this.term.get(v)! < t && !this.leads.has(v)));
      if (voters.length > this.ids.length / 2) {
        for (const v of voters) {
          this.term.set(v, t);
          this.lastHeardMs.set(v, this.nowMs);
        }
        this.leads.add(x);
      }
    }
    if (this.up().some((i) => this.leads.has(i) && !this.stale().includes(i))) this.servedAtMs.push(this.nowMs);
  }

  view(): ClusterView {
    return {
      nodeIds: this.ids,
      leader: () => {
        const ls = this.up().filter((i) => this.leads.has(i));
        if (ls.length === 0) return null;
        return ls.reduce((a, b) => (this.term.get(b)! > this.term.get(a)! ? b : a));
      },
      node: (id) => (this.dead.has(id) ? null : { role: this.leads.has(id) ? 'leader' : 'follower', term: this.term.get(id)! }),
      down: this.dead,
      paused: new Set(),
    };
  }

  world(endMs: number): World {
    const state = createFaultState();
    const rng = seededRng(7);
    const view = this.view();
    return {
      nowMs: () => this.nowMs,
      advanceTo: (atMs) => {
        while (this.nowMs < Math.min(atMs, endMs)) this.tick();
        return this.nowMs < endMs;
      },
      view: () => view,
      apply: async (op) => {
        if (op.f === 'propose') return;
        const staleBefore = this.stale();
        let nodes: readonly number[] | undefined;
        let grudge: Grudge | undefined;
        await applyFault(
          op,
          {
            nodeIds: this.ids,
            leader: () => view.leader(),
            partition: (g) => {
              this.cut = g;
              grudge = g;
            },
            kill: (ns) => {
              nodes = ns;
              for (const n of ns) {
                this.dead.add(n);
                this.leads.delete(n);
              }
            },
            restart: (ns) => {
              for (const n of ns) {
                this.dead.delete(n);
                this.lastHeardMs.set(n, this.nowMs);
              }
            },
            pause: () => undefined,
            resume: () => undefined,
            setClock: () => undefined,
          },
          rng,
          state,
        );
        this.applied.push({ atMs: this.nowMs, op, staleBefore, ...(nodes !== undefined ? { nodes } : {}), ...(grudge !== undefined ? { grudge } : {}) });
      },
    };
  }
}

async function play(gen: Gen, resetByAny: boolean, nodes: number, untilMs: number, seed: number): Promise<ModelCluster> {
  const cluster = new ModelCluster(Array.from({ length: nodes }, (_, i) => i + 1), resetByAny);
  await interpret(gen, cluster.world(untilMs), seededRng(seed));
  return cluster;
}

/** For each kill of the newest leader beside a stale one: how long until a current leader led again (or the partition healed). */
function reElectionMs(c: ModelCluster): number[] {
  return c.applied
    .filter((a) => a.op.f === 'kill' && a.staleBefore.length > 0)
    .map((a) => {
      const healMs = c.applied.find((h) => h.atMs >= a.atMs && (h.op.f === 'stop-partition' || h.op.f === 'heal-all'))?.atMs ?? c.nowMs;
      const servedMs = c.servedAtMs.find((t) => t > a.atMs) ?? Infinity;
      return Math.min(servedMs, healMs) - a.atMs;
    });
}

const isDeaf = (g: Grudge | undefined): number | null => {
  if (g === undefined || g.size !== 1) return null;
  const [[node, from]] = [...g] as [[number, ReadonlySet<number>]];
  return from.size > 0 ? node : null;
};

describe('lab-go partition,crash in a model of a lab Raft', () => {
  for (const nodes of [3, 5]) {
    for (const seed of [1, 2, 3]) {
      it(`${nodes} nodes, seed ${seed}: deafens only a deposed leader, bounces the newest leader, never the deaf one, nothing else meanwhile`, async () => {
        const gen = labNemesis('partition,crash').generator({ intervalS: 5, nodes });
        console.log(`replay: nodes ${nodes} seed ${seed}`);
        for (const resetByAny of [false, true]) {
          const c = await play(gen, resetByAny, nodes, 30_000, seed);
          const deafened = c.applied.filter((a) => isDeaf(a.grudge) !== null);
          expect(deafened.length, 'a stale-leader window in 30 s').toBeGreaterThan(0);
          for (const a of deafened) expect(a.staleBefore, 'the deaf node was already deposed').toContain(isDeaf(a.grudge));
          for (const a of c.applied.filter((x) => x.op.f === 'kill')) {
            for (const n of a.nodes ?? []) expect(a.staleBefore, 'a stale leader is never killed').not.toContain(n);
            if (a.staleBefore.length > 0) {
              expect(a.op.value, 'beside a stale leader only the newest leader is killed').toMatchObject({ nodes: [expect.any(Number)] });
              const next = c.applied[c.applied.indexOf(a) + 1];
              expect(next?.op.f, 'and restarted at once').toBe('restart');
              expect(next?.atMs).toBe(a.atMs);
            }
          }
          const bounced = c.applied.some((a) => a.op.f === 'kill' && a.staleBefore.length > 0);
          expect(bounced, 'the newest leader beside a stale one was killed').toBe(true);
          const waits = reElectionMs(c);
          if (resetByAny) expect(Math.max(...waits), `re-elections after the kills: ${waits.join(', ')} ms`).toBeGreaterThan(5_000);
          else expect(Math.max(...waits), `re-elections after the kills: ${waits.join(', ')} ms`).toBeLessThan(3_000);
        }
      });
    }
  }

  it('the stale-leader scenario crashes the new leader right after the deafening, as nemesis ops', async () => {
    const c = await play(staleLeaderScenario(20_000), true, 3, 20_000, 1);
    const fs = c.applied.map((a) => a.op.f);
    expect(fs.slice(0, 5)).toEqual(['start-partition', 'start-partition', 'kill', 'restart', 'stop-partition']);
    expect(isDeaf(c.applied[1]!.grudge)).toBe(1);
    expect(c.applied[2]!.nodes).not.toContain(1);
    expect(reElectionMs(c)[0]).toBeGreaterThan(5_000);
    const correct = await play(staleLeaderScenario(20_000), false, 3, 20_000, 1);
    expect(Math.max(...reElectionMs(correct))).toBeLessThan(3_000);
  });
});
