// Which known checker a results.json entry is, by its name and shape, and a one-line account of its
// verdict for the banner.
import type { CheckerResult } from './verdict.js';
import { fmtInt, plural } from './html.js';

export type CheckerKind = 'linearizability' | 'invariants' | 'perf' | 'other';

export function checkerKind(c: CheckerResult): CheckerKind {
  const name = c.name.toLowerCase();
  if (name.includes('linear') || 'partitions' in c.data || 'counterexample' in c.data) return 'linearizability';
  if (name.includes('invariant') || Array.isArray(c.data['violations'])) return 'invariants';
  if (name.includes('perf') || 'latency' in c.data || 'throughput' in c.data) return 'perf';
  return 'other';
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function reasonOf(data: Record<string, unknown>): string | null {
  for (const k of ['error', 'reason', 'message', 'cause']) {
    const v = data[k];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** One sentence (plain text) on what this checker found. */
export function checkerSentence(c: CheckerResult): string {
  const kind = checkerKind(c);
  const reason = reasonOf(c.data);
  switch (kind) {
    case 'linearizability': {
      const ops = num(c.data['operations']);
      const model = typeof c.data['model'] === 'string' ? c.data['model'] : null;
      const parts = Array.isArray(c.data['partitions']) ? (c.data['partitions'] as Record<string, unknown>[]) : [];
      const opsText = ops === null ? '' : ` of ${plural(ops, 'operation')}`;
      const modelText = model ? ` (${model} model)` : '';
      if (c.valid === true) return `The history${opsText} is linearizable${modelText}${parts.length > 1 ? `, across ${plural(parts.length, 'key')}` : ''}.`;
      if (c.valid === false) {
        const bad = parts.filter((p) => p['valid'] === false).map((p) => String(p['key'] ?? 'the whole history'));
        const where = bad.length ? ` on ${bad.length === 1 ? 'key' : 'keys'} ${bad.slice(0, 4).join(', ')}${bad.length > 4 ? '\u2026' : ''}` : '';
        return `The history${opsText} is NOT linearizable${where}${modelText}: no order of the operations explains what the clients saw.`;
      }
      return `Linearizability is unknown${modelText}: ${reason ?? 'the check did not finish (time budget or error)'}.`;
    }
    case 'invariants': {
      const v = Array.isArray(c.data['violations']) ? (c.data['violations'] as Record<string, unknown>[]) : [];
      if (c.valid === true && v.length === 0) return 'Every Raft safety invariant holds in the node event logs.';
      if (v.length > 0) {
        const names = [...new Set(v.map((x) => String(x['invariant'] ?? 'invariant')))];
        return `${plural(v.length, 'Raft invariant violation')}: ${names.join(', ')}.`;
      }
      return c.valid === false ? `The invariant checker failed${reason ? `: ${reason}` : ''}.` : `The invariants are unknown${reason ? `: ${reason}` : ''}.`;
    }
    case 'perf':
      return c.valid === true ? 'Performance statistics computed.' : `Performance: ${String(c.valid)}${reason ? ` (${reason})` : ''}.`;
    case 'other':
      return `${c.name}: ${c.valid === true ? 'valid' : c.valid === false ? 'invalid' : 'unknown'}${reason ? ` (${reason})` : ''}.`;
    default: {
      const never: never = kind;
      throw new Error(`unknown checker kind ${String(never)}`);
    }
  }
}

/** Scalar fields worth a line in the checker's card. */
export function checkerFacts(c: CheckerResult): [string, string][] {
  const facts: [string, string][] = [];
  for (const [k, v] of Object.entries(c.data)) {
    if (k === 'valid') continue;
    if (typeof v === 'number') facts.push([k, Number.isInteger(v) ? fmtInt(v) : v.toFixed(3)]);
    else if (typeof v === 'string' && v.length < 200) facts.push([k, v]);
    else if (typeof v === 'boolean') facts.push([k, String(v)]);
    else if (Array.isArray(v)) facts.push([k, `${plural(v.length, 'item')}`]);
  }
  return facts.slice(0, 12);
}
