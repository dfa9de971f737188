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
      const v = Array.isArray(c.data['violations']) ? (c.data['violations'] as unknown[]).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
      if (c.valid === true && v.length === 0) return 'Every Raft safety invariant holds in the node event logs.';
      if (v.length > 0) {
        const names = [...new Set(v.map((x) => String(x['invariant'] ?? 'invariant')))];
        return `${plural(v.length, 'Raft invariant violation')}: ${names.join(', ')}.`;
      }
      return c.valid === false ? `The invariant checker failed${reason ? `: ${reason}` : ''}.` : `The invariants are unknown${reason ? `: ${reason}` : ''}.`;
    }
    case 'perf': {
      if (c.valid !== true) return `Performance statistics: ${c.valid === false ? 'invalid' : 'unknown'}${reason ? ` (${reason})` : ''}.`;
      const fraction = num(obj(obj(c.data['availability'])['overall'])['fraction']);
      const p99 = ms(obj(obj(obj(c.data['byOutcome'])['ok'])['latencyMs'])['p99']);
      const bits = [fraction === null ? null : `${(fraction * 100).toFixed(1)}% of operations succeeded`, p99 === null ? null : `ok p99 latency ${p99}`].filter(Boolean);
      return bits.length ? `Statistics only (no verdict): ${bits.join(', ')}.` : 'Performance statistics computed (no verdict of their own).';
    }
    case 'other':
      return `${c.name}: ${c.valid === true ? 'valid' : c.valid === false ? 'invalid' : 'unknown'}${reason ? ` (${reason})` : ''}.`;
    default: {
      const never: never = kind;
      throw new Error(`unknown checker kind ${String(never)}`);
    }
  }
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function ms(v: unknown): string | null {
  const n = num(v);
  if (n === null) return null;
  return n < 10 ? `${n.toFixed(2)} ms` : n < 1000 ? `${n.toFixed(0)} ms` : `${(n / 1000).toFixed(2)} s`;
}
function pct(v: unknown): string | null {
  const n = num(v);
  return n === null ? null : `${(n * 100).toFixed(1)}%`;
}

function linearizabilityFacts(d: Record<string, unknown>): [string, string | null][] {
  const parts = Array.isArray(d['partitions']) ? (d['partitions'] as unknown[]).map(obj) : [];
  return [
    ['model', typeof d['model'] === 'string' ? d['model'] : null],
    ['operations', num(d['operations']) === null ? null : fmtInt(num(d['operations'])!)],
    ['keys checked', parts.length ? `${parts.length} (${parts.filter((p) => p['valid'] === false).length} not linearizable, ${parts.filter((p) => p['valid'] === 'unknown').length} unknown)` : null],
    ['check time', ms(d['ms'])],
    ['mode', typeof d['mode'] === 'string' ? d['mode'] : null],
    ['error', reasonOf(d)],
  ];
}

function invariantFacts(d: Record<string, unknown>): [string, string | null][] {
  const stats = obj(d['stats']);
  const checked = Array.isArray(d['checked']) ? (d['checked'] as unknown[]).map(String) : [];
  const warnings = Array.isArray(d['warnings']) ? (d['warnings'] as unknown[]).map(String) : [];
  const violations = Array.isArray(d['violations']) ? d['violations'].length : null;
  return [
    ['violations', violations === null ? null : fmtInt(violations)],
    ['checked', checked.length ? checked.join(', ') : null],
    ['elections', num(stats['elections']) === null ? null : `${fmtInt(num(stats['elections'])!)} won of ${fmtInt(num(stats['electionAttempts']) ?? 0)} attempts`],
    ['terms', num(stats['terms']) === null ? null : fmtInt(num(stats['terms'])!)],
    ['highest applied index', num(stats['maxAppliedIndex']) === null ? null : fmtInt(num(stats['maxAppliedIndex'])!)],
    ['event records', num(stats['records']) === null ? null : fmtInt(num(stats['records'])!)],
    ['warnings', warnings.length ? warnings.slice(0, 3).join('; ') + (warnings.length > 3 ? ` (+${warnings.length - 3})` : '') : null],
    ['error', reasonOf(d)],
  ];
}

function perfFacts(d: Record<string, unknown>): [string, string | null][] {
  const ops = obj(d['ops']);
  const lat = obj(obj(d['overall'])['latencyMs']);
  const okLat = obj(obj(obj(d['byOutcome'])['ok'])['latencyMs']);
  const avail = obj(d['availability']);
  const heals = Array.isArray(d['heals']) ? (d['heals'] as unknown[]).map(obj) : [];
  const healTimes = heals.map((h) => ms(h['timeToFirstOkWriteMs'])).filter((x): x is string => x !== null);
  return [
    ['operations', num(ops['invoked']) === null ? null : `${fmtInt(num(ops['invoked'])!)}: ${fmtInt(num(ops['ok']) ?? 0)} ok, ${fmtInt(num(ops['fail']) ?? 0)} fail, ${fmtInt(num(ops['info']) ?? 0)} info`],
    ['ok latency', num(okLat['p50']) === null ? null : `p50 ${ms(okLat['p50'])} \u00b7 p90 ${ms(okLat['p90'])} \u00b7 p99 ${ms(okLat['p99'])} \u00b7 max ${ms(okLat['max'])}`],
    ['all latency', num(lat['p50']) === null ? null : `p50 ${ms(lat['p50'])} \u00b7 p99 ${ms(lat['p99'])}`],
    ['availability', pct(obj(avail['overall'])['fraction'])],
    ['outside faults', pct(obj(avail['outsideFaults'])['fraction'])],
    ['first ok write after heals', healTimes.length ? healTimes.join(', ') : null],
    ['error', reasonOf(d)],
  ];
}

/** Lines worth showing in the checker's card (label, text). */
export function checkerFacts(c: CheckerResult): [string, string][] {
  const kind = checkerKind(c);
  const known =
    kind === 'linearizability' ? linearizabilityFacts(c.data)
    : kind === 'invariants' ? invariantFacts(c.data)
    : kind === 'perf' ? perfFacts(c.data)
    : null;
  if (known) return known.filter((f): f is [string, string] => f[1] !== null);
  return genericFacts(c);
}

function genericFacts(c: CheckerResult): [string, string][] {
  const facts: [string, string][] = [];
  for (const [k, v] of Object.entries(c.data)) {
    if (k === 'valid') continue;
    if (typeof v === 'number') facts.push([k, Number.isInteger(v) ? fmtInt(v) : v.toFixed(3)]);
    else if (typeof v === 'string' && v.length < 200) facts.push([k, v]);
    else if (typeof v === 'boolean') facts.push([k, String(v)]);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length <= 12) facts.push([k, v.join(', ') || '(none)']);
    else if (Array.isArray(v)) facts.push([k, plural(v.length, 'item')]);
  }
  return facts.slice(0, 12);
}
