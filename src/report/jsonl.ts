// Tolerant JSON Lines reading for the report: a run killed mid-write leaves a truncated last line,
// and a page must still show everything that parsed, and say how much did not.

export interface JsonlParse<T> {
  readonly records: T[];
  /** 1-based line numbers that were not valid JSON objects. */
  readonly badLines: number[];
}

export function parseJsonl<T>(text: string, accept: (value: unknown) => value is T): JsonlParse<T> {
  const records: T[] = [];
  const badLines: number[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo += 1;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (accept(value)) records.push(value);
      else badLines.push(lineNo);
    } catch {
      badLines.push(lineNo);
    }
  }
  return { records, badLines };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
