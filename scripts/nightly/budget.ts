// --budget for the nightly runs: "10m", "90s", "1h", "1h30m"; one clear error for anything else.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

export const MAX_BUDGET_MS = 24 * 3_600_000;

export function parseBudgetMs(text: string): number {
  const trimmed = text.trim();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const rebuilt = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || rebuilt !== trimmed) {
    throw new RangeError(`--budget must be a duration such as 90s, 10m, 1h or 1h30m; got ${JSON.stringify(text)}`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (!(ms >= 30_000 && ms <= MAX_BUDGET_MS)) {
    throw new RangeError(`--budget must be from 30s to 24h; got ${JSON.stringify(text)}`);
  }
  return ms;
}
