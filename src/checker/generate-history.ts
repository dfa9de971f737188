// Seeded random histories of a healthy (linearizable) system, for benchmarks and tests: clients
// run operations one at a time; each operation takes effect at a random instant inside its
// interval, in one global order, so the history is linearizable by construction. A fraction of
// operations end with an unknown outcome (they took effect or not, at random) and retire their
// process, as in Jepsen. `corrupt` then breaks one observation, for tests that want failures.
import type { Operation } from './types.js';

export type GeneratedModel = 'register' | 'cas-register' | 'kv';

export interface GenerateOptions {
  readonly seed: number;
  readonly operations: number;
  /** Number of keys; operations pick one uniformly. Default 1 (single register). */
  readonly keys?: number;
  /** Concurrent client processes. Default 5. */
  readonly processes?: number;
  readonly model?: GeneratedModel;
  /** Probability that an operation's outcome is unknown. Default 0.02. */
  readonly unknownRate?: number;
  /** Values written are 0..values-1. Default 5. */
  readonly values?: number;
  /** Whether keys are set on operations even with one key. Default: keys > 1. */
  readonly withKeys?: boolean;
}

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Draft {
  process: number;
  f: string;
  key: string;
  input: unknown;
  call: number;
  point: number;
  ret: number;
  unknown: boolean;
  applied: boolean;
  output: unknown;
}

export function generateHistory(options: GenerateOptions): Operation[] {
  const rnd = seededRandom(options.seed);
  const keys = options.keys ?? 1;
  const processes = options.processes ?? 5;
  const model = options.model ?? 'cas-register';
  const unknownRate = options.unknownRate ?? 0.02;
  const values = options.values ?? 5;
  const withKeys = options.withKeys ?? keys > 1;
  const pick = (n: number): number => Math.floor(rnd() * n);

  // Each process slot runs operations back to back; an unknown outcome retires its process id.
  const clock = new Float64Array(processes);
  const processId = Array.from({ length: processes }, (_, i) => i);
  let nextProcess = processes;
  const drafts: Draft[] = [];
  for (let i = 0; i < options.operations; i++) {
    const slot = pick(processes);
    const call = clock[slot]! + 1 + pick(20);
    const point = call + pick(30);
    const ret = point + pick(30);
    const key = String(pick(keys));
    let f: string;
    let input: unknown;
    if (model === 'kv') {
      const r = rnd();
      f = r < 0.4 ? 'get' : r < 0.9 ? 'append' : 'put';
      input = f === 'get' ? null : `x${i}.`;
    } else {
      const r = rnd();
      f = r < 0.45 ? 'read' : model === 'cas-register' && r < 0.75 ? 'cas' : 'write';
      input = f === 'read' ? null : f === 'cas' ? [pick(values), pick(values)] : pick(values);
    }
    const unknown = rnd() < unknownRate;
    drafts.push({ process: processId[slot]!, f, key, input, call, point, ret, unknown, applied: !unknown || rnd() < 0.5, output: undefined });
    clock[slot] = ret;
    if (unknown) processId[slot] = nextProcess++;
  }

  // Apply in the order of the instants at which operations took effect.
  const byPoint = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.point - drafts[b]!.point || a - b);
  const state = new Map<string, unknown>();
  for (const i of byPoint) {
    const d = drafts[i]!;
    if (!d.applied) continue;
    const cur = state.get(d.key) ?? (model === 'kv' ? '' : null);
    switch (d.f) {
      case 'read':
      case 'get':
        d.output = cur;
        break;
      case 'write':
      case 'put':
        state.set(d.key, d.input);
        d.output = d.input;
        break;
      case 'append':
        state.set(d.key, `${cur as string}${d.input as string}`);
        d.output = d.input;
        break;
      case 'cas': {
        const [from, to] = d.input as [number, number];
        if (cur === from) {
          state.set(d.key, to);
          d.output = d.input;
        } else {
          d.output = false;
        }
        break;
      }
    }
  }
  return drafts.map((d, id) => ({
    id,
    process: d.process,
    f: d.f,
    ...(withKeys ? { key: d.key } : {}),
    input: d.input,
    output: d.unknown ? undefined : d.output,
    outcome: d.unknown ? 'unknown' : 'ok',
    call: d.call,
    return: d.unknown ? Infinity : d.ret,
  }));
}

/**
 * A copy of `ops` with one observation broken at random (a read's value, a cas's result, or an
 * operation's interval moved); the result may or may not still be linearizable.
 */
export function corruptHistory(ops: readonly Operation[], seed: number, values = 5): Operation[] {
  const rnd = seededRandom(seed ^ 0x5bd1e995);
  const out = [...ops];
  const candidates = ops.filter((o) => o.outcome === 'ok');
  if (candidates.length === 0) return out;
  const victim = candidates[Math.floor(rnd() * candidates.length)]!;
  let changed: Operation;
  const r = rnd();
  if ((victim.f === 'read' || victim.f === 'get') && r < 0.7) {
    const output = victim.f === 'get' ? `${String(victim.output ?? '')}?` : ((Number(victim.output ?? -1) + 1 + Math.floor(rnd() * (values - 1))) % values);
    changed = { ...victim, output: victim.f === 'read' && rnd() < 0.2 ? null : output };
  } else if (victim.f === 'cas' && r < 0.7) {
    changed = { ...victim, output: victim.output === false ? victim.input : false };
  } else {
    // Shrink the interval to a point near its start: fewer orders remain possible.
    changed = { ...victim, return: victim.call + Math.floor(rnd() * 3) };
  }
  out[out.indexOf(victim)] = changed;
  return out;
}
