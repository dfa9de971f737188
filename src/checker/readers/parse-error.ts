/**
 * A malformed input: names the file and the 1-based line (and what was expected there). Line 0
 * stands for the file as a whole (for example: it holds no operations).
 */
export class HistoryParseError extends Error {
  override name = 'HistoryParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
  }
}
