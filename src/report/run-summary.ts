// One line of results/index.html: what a run directory says about itself, read cheaply and
// without trusting it (a run killed mid-way, or a stray directory, still gets a line).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isObject } from './jsonl.js';
import { asValid, readVerdicts, type Valid } from './verdict.js';

export interface RunSummary {
  readonly name: string;
  /** ISO date of the run's start, or of the directory's last change when nothing better is known. */
  readonly date: string;
  readonly dateMs: number;
  readonly workload: string | null;
  readonly nemesis: string | null;
  readonly durationNs: number | null;
  readonly ops: number | null;
  readonly valid: Valid | null;
  /** Each checker's verdict, in results.json order. */
  readonly checkers: { readonly name: string; readonly valid: Valid }[];
  readonly seed: string | null;
  readonly hasPage: boolean;
  /** What is wrong with the directory, if anything. */
  readonly problems: string[];
}

async function readJson(path: string): Promise<{ value: Record<string, unknown> | null; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { value: null, problem: 'missing' };
  }
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? { value: v, problem: null } : { value: null, problem: 'not an object' };
  } catch {
    return { value: null, problem: 'not valid JSON' };
  }
}

function pick(obj: Record<string, unknown> | null, ...names: string[]): string | null {
  if (!obj) return null;
  for (const src of [obj, isObject(obj['options']) ? obj['options'] : {}])
    for (const n of names) {
      const v = src[n];
      if (typeof v === 'string' && v) return v;
      if (typeof v === 'number') return String(v);
      if (Array.isArray(v) && v.length) return v.join(',');
    }
  return null;
}

/** A timestamp in a run directory's name, e.g. register-none-20261125T114609.123Z (src/history/store.ts) or ...-2026-11-25T12-00-00. */
export function dateFromName(name: string): number | null {
  const compact = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{3}))?Z?/.exec(name);
  if (compact) return Date.UTC(+compact[1]!, +compact[2]! - 1, +compact[3]!, +compact[4]!, +compact[5]!, +compact[6]!, compact[7] ? +compact[7] : 0);
  const dashed = /(\d{4})-(\d{2})-(\d{2})[T_](\d{2})[-:](\d{2})[-:](\d{2})(?:[.-](\d{3}))?/.exec(name);
  if (dashed) return Date.UTC(+dashed[1]!, +dashed[2]! - 1, +dashed[3]!, +dashed[4]!, +dashed[5]!, +dashed[6]!, dashed[7] ? +dashed[7] : 0);
  return null;
}

/** Client operations (invocations) and the last time in history.jsonl. */
async function historyFacts(path: string): Promise<{ ops: number; endNs: number } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  let ops = 0;
  let endNs = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r: unknown = JSON.parse(line);
      if (!isObject(r)) continue;
      if (r['type'] === 'invoke' && r['process'] !== 'nemesis') ops += 1;
      if (typeof r['time'] === 'number' && r['time'] > endNs) endNs = r['time'];
    } catch {
      // a cut line: skip it
    }
  }
  return { ops, endNs };
}

export async function summarizeRunDir(dir: string, name: string): Promise<RunSummary> {
  const problems: string[] = [];
  const test = await readJson(join(dir, 'test.json'));
  if (test.problem) problems.push(`test.json ${test.problem}`);
  const results = await readJson(join(dir, 'results.json'));
  if (results.problem) problems.push(`results.json ${results.problem}`);
  const hist = await historyFacts(join(dir, 'history.jsonl'));
  if (!hist) problems.push('history.jsonl missing');
  const hasPage = await stat(join(dir, 'index.html')).then((s) => s.isFile(), () => false);
  const started = pick(test.value, 'startedAt', 'startTime', 'date');
  let dateMs = started ? Date.parse(started) : NaN;
  if (!Number.isFinite(dateMs)) dateMs = dateFromName(name) ?? NaN;
  if (!Number.isFinite(dateMs)) dateMs = await stat(dir).then((s) => s.mtimeMs, () => 0);
  const durationS = test.value ? Number(test.value['durationS'] ?? NaN) : NaN;
  return {
    name,
    date: new Date(dateMs).toISOString(),
    dateMs,
    workload: pick(test.value, 'workload'),
    nemesis: pick(test.value, 'nemesis'),
    durationNs: hist && hist.endNs > 0 ? hist.endNs : Number.isFinite(durationS) ? durationS * 1e9 : null,
    ops: hist ? hist.ops : null,
    valid: results.value ? asValid(results.value['valid']) : null,
    checkers: readVerdicts(results.value).checkers.map((c) => ({ name: c.name, valid: c.valid })),
    seed: pick(test.value, 'seed'),
    hasPage,
    problems,
  };
}
