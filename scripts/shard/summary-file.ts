// One shard's summary file (JSON) and the merge of all of a plan's shard summaries into one.
// A shard writes its summary after every cell (atomically, through a rename), with
// `execution.complete` false until its last cell, so a job that dies keeps what it recorded and
// the merge can tell an unfinished shard from a finished one. The merge refuses, with one line
// naming the file, anything it cannot vouch for: a file that is not a summary or is damaged, shards
// of different plans, a shard given twice, a shard missing, a shard that did not finish.
import fs from 'node:fs';
import path from 'node:path';
import type { Shard } from './shard.js';
import { cellsOfShard, parseShard, shardOfCell, shardText } from './shard.js';

export const SHARD_FORMAT = 'raft-chaos-shard-summary';
export const MERGED_FORMAT = 'raft-chaos-merged-summary';
export const SHARD_VERSION = 1;

export type SummaryKind = 'nightly' | 'bug-matrix';
export const SUMMARY_KINDS: readonly SummaryKind[] = ['nightly', 'bug-matrix'];

export interface PlanBase {
  /** Every cell of the whole plan (all shards), in plan order; a cell's index is its place here. */
  readonly cellIds: readonly string[];
  /** The command that runs the whole plan unsharded. */
  readonly command: string;
}

export interface CellBase {
  readonly index: number;
  readonly id: string;
}

export interface ShardExecution {
  /** The command this shard ran. */
  readonly command: string;
  readonly startedAt: string;
  readonly elapsedMs: number;
  /** True once every cell of the shard is recorded. */
  readonly complete: boolean;
}

export interface ShardSummary<P extends PlanBase = PlanBase, C extends CellBase = CellBase> {
  readonly format: typeof SHARD_FORMAT;
  readonly version: typeof SHARD_VERSION;
  readonly kind: SummaryKind;
  readonly plan: P;
  readonly shard: Shard;
  readonly execution: ShardExecution;
  readonly cells: readonly C[];
}

/** A shard summary of this format and version: what ran (plan, shard), how, and its cells so far. */
export function shardSummaryOf<P extends PlanBase, C extends CellBase>(
  kind: SummaryKind,
  plan: P,
  shard: Shard,
  execution: ShardExecution,
  cells: readonly C[],
): ShardSummary<P, C> {
  return { format: SHARD_FORMAT, version: SHARD_VERSION, kind, plan, shard, execution, cells };
}

export interface MergedSummary<P extends PlanBase = PlanBase, C extends CellBase = CellBase> {
  readonly format: typeof MERGED_FORMAT;
  readonly version: typeof SHARD_VERSION;
  readonly kind: SummaryKind;
  readonly plan: P;
  readonly shards: readonly { readonly shard: Shard; readonly file: string; readonly execution: ShardExecution }[];
  /** Every cell of every shard, in plan order. */
  readonly cells: readonly C[];
}

/** A refusal of the merge: one line naming the file and what is wrong with it. */
export class ShardError extends Error {
  override name = 'ShardError';
}

/** What is wrong with one cell of a kind, or null. */
export type CellCheck = (cell: Record<string, unknown>) => string | null;

export function writeShardSummary(file: string, summary: ShardSummary<PlanBase, CellBase>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(summary, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and check one shard summary; a ShardError names the file and the first problem. */
export function parseShardSummary(text: string, file: string, checkCell: (kind: SummaryKind) => CellCheck): ShardSummary {
  const bad = (what: string): ShardError => new ShardError(`${file}: ${what}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw bad(`not JSON (truncated or damaged?): ${(err as Error).message}`);
  }
  if (!isObject(json) || json.format !== SHARD_FORMAT) throw bad(`not a shard summary (no "format": "${SHARD_FORMAT}")`);
  if (json.version !== SHARD_VERSION) throw bad(`summary version ${JSON.stringify(json.version)}; this merge reads version ${SHARD_VERSION}`);
  const kind = json.kind;
  if (typeof kind !== 'string' || !(SUMMARY_KINDS as readonly string[]).includes(kind)) {
    throw bad(`kind ${JSON.stringify(kind)} is unknown; accepted: ${SUMMARY_KINDS.join(', ')}`);
  }
  let shard: Shard;
  try {
    if (!isObject(json.shard)) throw new RangeError('no "shard"');
    shard = parseShard(`${String(json.shard.index)}/${String(json.shard.count)}`, 'shard');
  } catch (err) {
    throw bad((err as Error).message);
  }
  const plan = json.plan;
  if (!isObject(plan) || typeof plan.command !== 'string' || !Array.isArray(plan.cellIds) || !plan.cellIds.every((id) => typeof id === 'string')) {
    throw bad('"plan" has no command or no list of cell ids');
  }
  const cellIds = plan.cellIds as string[];
  if (new Set(cellIds).size !== cellIds.length) throw bad('the plan names a cell twice');
  const ex = json.execution;
  if (!isObject(ex) || typeof ex.command !== 'string' || typeof ex.startedAt !== 'string' || typeof ex.elapsedMs !== 'number' || typeof ex.complete !== 'boolean') {
    throw bad('"execution" lacks command, startedAt, elapsedMs or complete');
  }
  if (!Array.isArray(json.cells)) throw bad('"cells" is not a list');
  const check = checkCell(kind as SummaryKind);
  const seen = new Set<number>();
  for (const [k, cell] of json.cells.entries()) {
    if (!isObject(cell) || !Number.isInteger(cell.index) || typeof cell.id !== 'string') throw bad(`cell ${k} has no index or id`);
    const index = cell.index as number;
    if (index < 0 || index >= cellIds.length || cellIds[index] !== cell.id) throw bad(`cell ${k} (${JSON.stringify(cell.id)}, index ${index}) is not in the plan`);
    if (shardOfCell(index, shard.count) !== shard.index) throw bad(`cell ${JSON.stringify(cell.id)} belongs to shard ${shardOfCell(index, shard.count)}/${shard.count}, not ${shardText(shard)}`);
    if (seen.has(index)) throw bad(`cell ${JSON.stringify(cell.id)} is recorded twice`);
    seen.add(index);
    const problem = check(cell);
    if (problem !== null) throw bad(`cell ${JSON.stringify(cell.id)}: ${problem}`);
  }
  const expected = cellsOfShard(cellIds, shard).length;
  if (ex.complete === true && seen.size !== expected) throw bad(`says it is complete but records ${seen.size} of its ${expected} cells`);
  return json as unknown as ShardSummary;
}

export function readShardSummary(file: string, checkCell: (kind: SummaryKind) => CellCheck): ShardSummary {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ShardError(`${file}: cannot read it: ${(err as Error).message}`);
  }
  return parseShardSummary(text, file, checkCell);
}

/** JSON with object keys sorted, so two plans compare by content, not by key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Merge the shard summaries of one plan. `expectShards`, when given, is the number of shards the
 * caller started (a workflow's matrix); otherwise the summaries' own count is trusted.
 */
export function mergeShardSummaries(loaded: readonly { readonly file: string; readonly summary: ShardSummary }[], expectShards?: number): MergedSummary {
  if (loaded.length === 0) throw new ShardError('no shard summaries given');
  const first = loaded[0]!;
  const count = first.summary.shard.count;
  for (const { file, summary } of loaded) {
    if (summary.kind !== first.summary.kind) throw new ShardError(`${file} is a ${summary.kind} summary but ${first.file} is a ${first.summary.kind} one`);
    if (summary.shard.count !== count) throw new ShardError(`${file} is shard ${shardText(summary.shard)} but ${first.file} is ${shardText(first.summary.shard)}: not one split`);
  }
  if (expectShards !== undefined && expectShards !== count) throw new ShardError(`expected ${expectShards} shards, but the summaries were split in ${count} (${first.file})`);
  const firstPlan = canonicalJson(first.summary.plan);
  for (const { file, summary } of loaded) {
    if (canonicalJson(summary.plan) === firstPlan) continue;
    const a = first.summary.plan as unknown as Record<string, unknown>;
    const b = summary.plan as unknown as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
    throw new ShardError(`${file} was planned differently from ${first.file} (${keys.join(', ')} differ${keys.length === 1 ? 's' : ''}): not shards of one run`);
  }
  const byIndex = new Map<number, { file: string; summary: ShardSummary }>();
  for (const entry of loaded) {
    const other = byIndex.get(entry.summary.shard.index);
    if (other !== undefined) throw new ShardError(`shard ${shardText(entry.summary.shard)} is given twice: ${other.file} and ${entry.file}`);
    byIndex.set(entry.summary.shard.index, entry);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new ShardError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing (given: ${[...byIndex.keys()].sort((x, y) => x - y).map((i) => `${i}/${count}`).join(', ')})`);
  }
  const cellIds = first.summary.plan.cellIds;
  for (const { file, summary } of loaded) {
    if (!summary.execution.complete) {
      const expected = cellsOfShard(cellIds, summary.shard).length;
      throw new ShardError(`${file}: shard ${shardText(summary.shard)} did not finish (${summary.cells.length} of its ${expected} cells recorded)`);
    }
  }
  const ordered = [...byIndex.values()].sort((x, y) => x.summary.shard.index - y.summary.shard.index);
  const cells = ordered.flatMap((e) => e.summary.cells).sort((x, y) => x.index - y.index);
  if (cells.length !== cellIds.length) throw new ShardError(`the shards hold ${cells.length} cells but the plan has ${cellIds.length}`);
  return {
    format: MERGED_FORMAT,
    version: SHARD_VERSION,
    kind: first.summary.kind,
    plan: first.summary.plan,
    shards: ordered.map((e) => ({ shard: e.summary.shard, file: e.file, execution: e.summary.execution })),
    cells,
  };
}
