// Small random histories for Knossos's models: each operation takes effect at a random instant
// inside its interval on a real object of the model's kind (so the outcomes it records are ones a
// correct system could give), some of unknown outcome (half of which took effect), and, when asked,
// a few recorded outputs changed afterwards so that many are not linearizable.
import { seededRandom } from '../../fixtures/synthetic/histories.js';
import type { Operation } from '../../../src/checker/types.js';
import type { KnossosModelName } from './knossos-brute-force.js';

export interface KnossosHistoryOptions {
  readonly seed: number;
  readonly model: KnossosModelName;
  readonly operations: number;
  readonly processes: number;
  readonly unknownRate: number;
  readonly corrupt: boolean;
}

const KEYS = [':x', ':y'];

function clone(v: unknown): unknown {
  if (v instanceof Set) return new Set(v);
  if (Array.isArray(v)) return [...v];
  if (v !== null && typeof v === 'object') return { ...(v as object) };
  return v;
}

interface Planned {
  process: number;
  f: string;
  input: unknown;
  call: number;
  at: number;
  ret: number;
  unknown: boolean;
  applies: boolean;
}

export function knossosHistory(o: KnossosHistoryOptions): Operation[] {
  const rnd = seededRandom(o.seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const free = Array.from({ length: o.processes }, () => 0);
  const procId = Array.from({ length: o.processes }, (_, i) => i);
  let nextProc = o.processes;
  const planned: Planned[] = [];
  for (let i = 0; i < o.operations; i++) {
    const slot = int(o.processes);
    const call = free[slot]! + int(3);
    const at = call + int(4);
    const ret = at + int(4);
    const unknown = rnd() < o.unknownRate;
    planned.push({ process: procId[slot]!, f: '', input: null, call, at, ret, unknown, applies: !unknown || rnd() < 0.5 });
    free[slot] = ret + 1;
    if (unknown) procId[slot] = nextProc++;
  }
  // Choose each operation and its outcome in the order the operations take effect.
  let state: unknown = o.model === 'mutex' ? false : o.model === 'multi-register' ? {} : o.model === 'set' ? new Set() : o.model.endsWith('queue') ? [] : null;
  const outputs = new Map<Planned, unknown>();
  const dropped = new Set<Planned>();
  let counter = 0;
  for (const p of [...planned].sort((a, b) => a.at - b.at)) {
    const v = int(3);
    switch (o.model) {
      case 'register':
      case 'cas-register': {
        const r = rnd();
        if (r < 0.4) {
          p.f = 'read';
          outputs.set(p, state);
        } else if (r < 0.75 || o.model === 'register') {
          p.f = 'write';
          p.input = v;
          if (p.applies) state = v;
          outputs.set(p, v);
        } else {
          p.f = 'cas';
          const from = rnd() < 0.6 ? state : int(3);
          p.input = [from, v];
          outputs.set(p, [from, v]);
          if (from === state) {
            if (p.applies) state = v;
          } else if (!p.unknown) {
            dropped.add(p); // a cas that did not apply is a :fail, never given to the model
          }
        }
        break;
      }
      case 'mutex': {
        p.f = rnd() < 0.5 ? 'acquire' : 'release';
        const legal = p.f === 'acquire' ? state === false : state === true;
        if (legal && p.applies) state = p.f === 'acquire';
        else if (!legal && !p.unknown) dropped.add(p);
        break;
      }
      case 'multi-register': {
        p.f = 'txn';
        const regs = state as Record<string, unknown>;
        const next = { ...regs };
        const input: unknown[] = [];
        const output: unknown[] = [];
        for (let m = 0; m <= int(2); m++) {
          const k = KEYS[int(2)]!;
          if (rnd() < 0.5) {
            input.push([':read', k, null]);
            output.push([':read', k, next[k] ?? null]);
          } else {
            const x = int(3);
            input.push([':write', k, x]);
            output.push([':write', k, x]);
            next[k] = x;
          }
        }
        p.input = input;
        outputs.set(p, output);
        if (p.applies) state = next;
        break;
      }
      case 'set': {
        if (rnd() < 0.4) {
          p.f = 'read';
          outputs.set(p, clone(state));
        } else {
          p.f = 'add';
          p.input = v;
          outputs.set(p, v);
          if (p.applies) (state as Set<unknown>).add(v);
        }
        break;
      }
      case 'unordered-queue':
      case 'fifo-queue': {
        const q = state as unknown[];
        if (rnd() < 0.5 || q.length === 0) {
          if (rnd() < 0.3 && q.length === 0) {
            p.f = 'dequeue';
            dropped.add(p); // an empty queue's dequeue fails
            break;
          }
          p.f = 'enqueue';
          p.input = counter++ % 3;
          outputs.set(p, p.input);
          if (p.applies) q.push(p.input);
        } else {
          p.f = 'dequeue';
          const at = o.model === 'fifo-queue' ? 0 : int(q.length);
          outputs.set(p, q[at]);
          if (p.applies) q.splice(at, 1);
        }
        break;
      }
    }
    state = clone(state);
  }
  let ops: Operation[] = planned
    .filter((p) => !dropped.has(p))
    .map((p, id) => ({
      id,
      process: p.process,
      f: p.f,
      input: p.input,
      output: p.unknown ? undefined : outputs.get(p),
      outcome: p.unknown ? ('unknown' as const) : ('ok' as const),
      call: p.call,
      return: p.unknown ? Infinity : p.ret,
    }));
  if (o.corrupt) ops = corrupt(ops, rnd);
  return ops;
}

/** Change one to three recorded outcomes. */
function corrupt(ops: Operation[], rnd: () => number): Operation[] {
  const out = [...ops];
  const known = out.map((op, i) => [op, i] as const).filter(([op]) => op.outcome === 'ok');
  for (let n = 1 + Math.floor(rnd() * 3); n > 0 && known.length > 0; n--) {
    const [op, i] = known[Math.floor(rnd() * known.length)]!;
    const other = Math.floor(rnd() * 4);
    const value = other === 3 ? null : other;
    let changed: Operation;
    switch (op.f) {
      case 'read':
        changed = { ...op, output: op.output instanceof Set ? new Set([...op.output, value]) : value };
        break;
      case 'dequeue':
        changed = { ...op, output: value };
        break;
      case 'acquire':
      case 'release':
        changed = { ...op, f: op.f === 'acquire' ? 'release' : 'acquire' };
        break;
      case 'txn': {
        const micro = (op.output as [string, string, unknown][]).map((m) => [...m] as [string, string, unknown]);
        const m = micro[Math.floor(rnd() * micro.length)]!;
        if (m[0] === ':read') m[2] = value;
        else m[2] = other;
        changed = { ...op, output: micro };
        break;
      }
      case 'cas': {
        const [, to] = op.input as [unknown, unknown];
        changed = { ...op, input: [value, to], output: [value, to] };
        break;
      }
      default:
        changed = { ...op, input: other, output: other };
    }
    out[i] = changed;
  }
  return out;
}
