// The nightly's seed range: it moves every night, so each night tries seeds no night tried before.
// Night n (days since 1970-01-01 UTC) gets seeds n*count .. n*count+count-1; --seeds A..B replaces it.
export interface SeedRange {
  readonly first: number;
  readonly count: number;
  /** Where it came from, for the printed line: "night 2026-12-02" or "--seeds". */
  readonly source: string;
}

export const DAY_MS = 86_400_000;
export const MAX_SEED_COUNT = 1_000_000;

export function nightOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function nightlySeedRange(date: Date, count: number): SeedRange {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED_COUNT) {
    throw new RangeError(`--seed-count must be an integer from 1 to ${MAX_SEED_COUNT}; got ${JSON.stringify(count)}`);
  }
  return { first: nightOf(date) * count, count, source: `night ${date.toISOString().slice(0, 10)}` };
}

/** --date YYYY-MM-DD (a night to run again); midnight UTC of that day. */
export function parseNight(text: unknown): Date {
  const raw = String(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const d = m === null ? new Date(NaN) : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) {
    throw new RangeError(`--date must be a day as YYYY-MM-DD, e.g. --date 2026-12-01; got ${JSON.stringify(text)}`);
  }
  return d;
}

/** --seeds A..B: both ends included, A <= B, non-negative. */
export function parseSeedRange(text: unknown): SeedRange {
  const raw = String(text);
  const m = /^(\d+)\.\.(\d+)$/.exec(raw.trim());
  const first = m === null ? NaN : Number(m[1]);
  const last = m === null ? NaN : Number(m[2]);
  if (m === null || !Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first || last - first + 1 > MAX_SEED_COUNT) {
    throw new RangeError(`--seeds must be a range FIRST..LAST of non-negative integers with FIRST <= LAST and at most ${MAX_SEED_COUNT} seeds, e.g. --seeds 100..199; got ${JSON.stringify(text)}`);
  }
  return { first, count: last - first + 1, source: '--seeds' };
}

export function seedsOf(r: SeedRange): number[] {
  return Array.from({ length: r.count }, (_, i) => r.first + i);
}

export function rangeText(r: SeedRange): string {
  return `${r.first}..${r.first + r.count - 1}`;
}
