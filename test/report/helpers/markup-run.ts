// A hostile run directory for the report's injection tests: a synthetic invalid run (fake-run.ts)
// whose every field is replaced by markup that would run a script if it ever reached the page
// unescaped: an <img onerror>, an <svg onload>, a </script> break-out and an attribute break-out,
// each calling alert() with the field's path, so a dialog names the field that got through.
//
// Two strengths:
//   - 'drawn': the fields the report needs to draw an operation or a fault at all (record type,
//     process, time, the nemesis's f, event kind/role/term/time, counterexample call/return) stay
//     valid, so every chart and tooltip shows markup values; ids stay consistent with each other.
//   - 'all': every leaf of every record holds markup (the loader drops what it cannot read, and
//     the page must still say so without running anything).
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFakeRun } from './fake-run.js';

export type MarkupStrength = 'drawn' | 'all';

/** The markup for one field: every way out of a text node, an attribute or a script element. */
export function markup(tag: string): string {
  const t = tag.replace(/[^A-Za-z0-9_.\[\]-]/g, '_');
  return `<img src=x onerror="alert('${t}')">"'><svg onload=alert('${t}')></script><script>alert('${t}')</script>`;
}

/** Directory name of the markup run (markup too, minus the slash a file name cannot hold). */
export const MARKUP_RUN_NAME = `run-<img src=x onerror=alert('dirname')>"'`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function poisonAll(value: Json, path: string): Json {
  if (Array.isArray(value)) return value.map((v, i) => poisonAll(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisonAll(v, `${path}.${k}`)]));
  }
  return markup(path);
}

/** Poison every leaf except those named in `keep` (by key, at any depth). */
function poisonExcept(value: Json, path: string, keep: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((v, i) => poisonExcept(v, `${path}[${i}]`, keep));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keep.has(k) ? v : poisonExcept(v, `${path}.${k}`, keep)]));
  }
  return markup(path);
}

const HISTORY_KEEP = new Set(['type', 'process', 'time']);
const EVENT_KEEP = new Set(['node', 'time', 'kind', 'role', 'term']);

function poisonHistoryRecord(record: Json, line: number, strength: MarkupStrength): Json {
  if (strength === 'all') return poisonAll(record, `history${line}`);
  const rec = record as Record<string, Json>;
  // A nemesis operation must keep its f (start-partition, kill, ...) to form a fault window.
  const keep = rec['process'] === 'nemesis' ? new Set([...HISTORY_KEEP, 'f']) : HISTORY_KEEP;
  return poisonExcept(record, `history${line}`, keep);
}

/** A counterexample whose ids (operations, prefix, couldNotPlace, blockingOp) are markup, consistently. */
function poisonCounterexample(ce: Record<string, Json>, path: string): Json {
  const id = (n: Json): string => markup(`${path}.id${String(n)}`);
  const ops = (ce['operations'] as Record<string, Json>[]).map((o, i) => ({
    id: id(o['id']!),
    process: markup(`${path}.operations[${i}].process`),
    call: o['call']!,
    return: o['return']!,
    text: markup(`${path}.operations[${i}].text`),
  }));
  return {
    key: markup(`${path}.key`),
    model: markup(`${path}.model`),
    operations: ops,
    longestPrefix: (ce['longestPrefix'] as Record<string, Json>[]).map((s, i) => ({ op: id(s['op']!), stateAfter: markup(`${path}.longestPrefix[${i}].stateAfter`) })),
    stateAtFailure: markup(`${path}.stateAtFailure`),
    couldNotPlace: (ce['couldNotPlace'] as Json[]).map(id),
    blockingOp: id(ce['blockingOp']!),
  };
}

function poisonResults(results: Record<string, Json>, strength: MarkupStrength): Json {
  if (strength === 'all') return poisonAll(results, 'results');
  const lin = results['linearizability'] as Record<string, Json>;
  const inv = results['invariants'] as Record<string, Json>;
  const violations = (inv['violations'] as Record<string, Json>[]).map((v, i) => ({
    invariant: markup(`violations[${i}].invariant`),
    message: markup(`violations[${i}].message`),
    time: v['time']!,
    events: poisonExcept(v['events']!, `violations[${i}].events`, EVENT_KEEP),
  }));
  return {
    valid: false,
    linearizability: {
      valid: false,
      ms: markup('linearizability.ms'),
      model: markup('linearizability.model'),
      operations: markup('linearizability.operations'),
      partitions: poisonExcept(lin['partitions']!, 'linearizability.partitions', new Set(['valid'])),
      mode: markup('linearizability.mode'),
      counterexample: (lin['counterexample'] as Record<string, Json>[]).map((ce, i) => poisonCounterexample(ce, `ce${i}`)),
      [markup('linearizability.extra-key')]: markup('linearizability.extra-value'),
    },
    invariants: { valid: false, violations, stats: { leaders: [] } },
    perf: { valid: markup('perf.valid'), opsPerS: markup('perf.opsPerS') },
    [markup('results.extra-checker')]: { valid: false, error: markup('results.extra-checker.error') },
  };
}

async function rewriteJsonl(file: string, map: (record: Json, line: number) => Json): Promise<void> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
  await writeFile(file, lines.map((l, i) => JSON.stringify(map(JSON.parse(l) as Json, i + 1))).join('\n') + '\n');
}

/** Write the markup run under `parent`; returns its directory. */
export async function writeMarkupRun(parent: string, strength: MarkupStrength): Promise<string> {
  await mkdir(parent, { recursive: true });
  const fake = await writeFakeRun(parent, { seed: 66, ops: 300, durationS: 30, invalid: true, keys: 3, name: `markup-${strength}` });
  const dir = join(parent, `${MARKUP_RUN_NAME}${strength}`);
  await rename(fake.dir, dir);
  await rewriteJsonl(join(dir, 'history.jsonl'), (r, line) => poisonHistoryRecord(r, line, strength));
  const nodes = await readdir(join(dir, 'nodes'));
  for (const node of nodes) {
    await rewriteJsonl(join(dir, 'nodes', node, 'events.jsonl'), (e, line) =>
      strength === 'all' ? poisonAll(e, `${node}.events${line}`) : poisonExcept(e, `${node}.events${line}`, EVENT_KEEP),
    );
    await writeFile(join(dir, 'nodes', node, 'stdout'), `${markup(`${node}.stdout`)}\n`);
    await writeFile(join(dir, 'nodes', node, markup(`${node}.file`).replace(/\//g, '_')), markup(`${node}.file-content`));
  }
  const test = JSON.parse(await readFile(join(dir, 'test.json'), 'utf8')) as Json;
  await writeFile(join(dir, 'test.json'), JSON.stringify({ ...(poisonAll(test, 'test') as object), [markup('test.extra-key')]: markup('test.extra') }));
  const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Record<string, Json>;
  await writeFile(join(dir, 'results.json'), JSON.stringify(poisonResults(results, strength)));
  return dir;
}
