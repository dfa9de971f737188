// Durations on the command line: "60s", "500ms", "2m", "1.5s", or a bare number of seconds.

const UNITS_US: Readonly<Record<string, number>> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };

/** Microseconds for a duration text; a RangeError names the bad text and the accepted forms. */
export function parseDurationUs(text: string, flag = '--time'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)?\s*$/.exec(text);
  if (m === null) {
    throw new RangeError(`${flag} must be a duration like 60s, 500ms or 2m; got ${JSON.stringify(text)}`);
  }
  const us = Math.round(Number(m[1]) * UNITS_US[m[2] ?? 's']!);
  if (!(us > 0)) throw new RangeError(`${flag} must be more than zero; got ${JSON.stringify(text)}`);
  return us;
}
