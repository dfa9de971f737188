// Our own history.jsonl (DESIGN.md §2, src/history/types.ts OpRecord): one JSON object per line,
// {index, type, process, f, key?, value, time, error?}; time in nanoseconds. Nemesis records are
// skipped. A cas that failed with error "cas-mismatch" (src/statemachine) returned false; other
// failed operations did not happen and are dropped.
import { LineSink, type ParsedHistory } from './history.js';
import { RecordPairer } from './pair.js';
import { HistoryParseError } from './parse-error.js';

const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

export class JsonlSink extends LineSink {
  private readonly pairer: RecordPairer;
  private position = 0;

  constructor(private readonly file: string) {
    super();
    this.pairer = new RecordPairer({ file, fail: 'cas-mismatch-false' });
  }

  get records(): number {
    return this.pairer.records;
  }

  protected finish(): ParsedHistory {
    return { file: this.file, format: 'jsonl', operations: this.pairer.finish(), records: this.pairer.records };
  }

  protected line(raw: string, line: number): void {
    const file = this.file;
    const lineText = raw.trim();
    if (lineText === '') return;
    const position = this.position++;
    let rec: unknown;
    try {
      rec = JSON.parse(lineText);
    } catch (err) {
      throw new HistoryParseError(file, line, `not JSON: ${(err as Error).message}`);
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      throw new HistoryParseError(file, line, 'expected an object {index, type, process, f, value, time}');
    }
    const r = rec as Record<string, unknown>;
    if (r.process === 'nemesis') return;
    if (typeof r.type !== 'string' || !TYPES.has(r.type)) {
      throw new HistoryParseError(file, line, `"type" must be invoke, ok, fail or info, got ${JSON.stringify(r.type)}`);
    }
    if (typeof r.process !== 'number') throw new HistoryParseError(file, line, `"process" must be a number or "nemesis", got ${JSON.stringify(r.process)}`);
    if (typeof r.f !== 'string') throw new HistoryParseError(file, line, `"f" must be a string, got ${JSON.stringify(r.f)}`);
    if (typeof r.time !== 'number' || !Number.isFinite(r.time)) {
      throw new HistoryParseError(file, line, `"time" must be a number of nanoseconds, got ${JSON.stringify(r.time)}`);
    }
    if (r.key !== undefined && typeof r.key !== 'string') throw new HistoryParseError(file, line, `"key" must be a string, got ${JSON.stringify(r.key)}`);
    this.pairer.push({
      type: r.type as 'invoke',
      process: r.process,
      f: r.f,
      value: r.value ?? null,
      time: r.time,
      line,
      index: Number.isInteger(r.index) ? (r.index as number) : position,
      ...(r.key !== undefined ? { key: r.key } : {}),
      ...(typeof r.error === 'string' ? { error: r.error } : {}),
    });
  }
}

/** Parse a whole history.jsonl text. */
export function readJsonl(text: string, file: string): ParsedHistory {
  const sink = new JsonlSink(file);
  sink.push(text);
  return sink.end();
}
