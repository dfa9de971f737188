// --shard I/N: which share of a plan's cells one job runs. Cell k (0-based, in plan order) belongs
// to shard (k mod N) + 1, so the N shards cover every cell exactly once and each gets a slice of
// every part of the plan (the cheap simulated cells and the slow real ones alike).
export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 1, count: 1 };
export const MAX_SHARDS = 256;

export function parseShard(text: unknown, flag = '--shard'): Shard {
  const raw = String(text);
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (m === null || !(count >= 1 && count <= MAX_SHARDS) || !(index >= 1 && index <= count)) {
    throw new RangeError(`${flag} must be I/N with 1 <= I <= N <= ${MAX_SHARDS}, e.g. ${flag} 2/4; got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

export function shardText(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/** The shard (1-based) that runs cell `cellIndex` of a plan split in `count` shards. */
export function shardOfCell(cellIndex: number, count: number): number {
  return (cellIndex % count) + 1;
}

/** The cells of one shard, each with its index in the whole plan. */
export function cellsOfShard<T>(cells: readonly T[], shard: Shard): { readonly index: number; readonly cell: T }[] {
  const out: { index: number; cell: T }[] = [];
  for (let k = shard.index - 1; k < cells.length; k += shard.count) out.push({ index: k, cell: cells[k]! });
  return out;
}
