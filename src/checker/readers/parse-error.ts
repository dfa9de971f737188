/** A malformed input: names the file and the 1-based line (and what was expected there). */
export class HistoryParseError extends Error {
  override name = 'HistoryParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}
