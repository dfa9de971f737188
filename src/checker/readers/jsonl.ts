// Our own history.jsonl (DESIGN.md §2, src/history/types.ts OpRecord): one JSON object per line,
// {index, type, process, f, key?, value, time, error?}; time in nanoseconds. Nemesis records are
// skipped. A cas that failed with error "cas-mismatch" (src/statemachine) returned false; other
// failed operations did not happen and are dropped.
import type { ParsedHistory } from './history.js';
import { pairRecords, type HistoryRecord } from './pair.js';
import { HistoryParseError } from './parse-error.js';

const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

export function readJsonl(text: string, file: string): ParsedHistory {
  const records: HistoryRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineText = lines[i]!.trim();
    if (lineText === '') continue;
    const line = i + 1;
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
    if (r.process === 'nemesis') continue;
    if (typeof r.type !== 'string' || !TYPES.has(r.type)) {
      throw new HistoryParseError(file, line, `"type" must be invoke, ok, fail or info, got ${JSON.stringify(r.type)}`);
    }
    if (typeof r.process !== 'number') throw new HistoryParseError(file, line, `"process" must be a number or "nemesis", got ${JSON.stringify(r.process)}`);
    if (typeof r.f !== 'string') throw new HistoryParseError(file, line, `"f" must be a string, got ${JSON.stringify(r.f)}`);
    if (typeof r.time !== 'number' || !Number.isFinite(r.time)) {
      throw new HistoryParseError(file, line, `"time" must be a number of nanoseconds, got ${JSON.stringify(r.time)}`);
    }
    if (r.key !== undefined && typeof r.key !== 'string') throw new HistoryParseError(file, line, `"key" must be a string, got ${JSON.stringify(r.key)}`);
    records.push({
      type: r.type as HistoryRecord['type'],
      process: r.process,
      f: r.f,
      value: r.value ?? null,
      time: r.time,
      line,
      ...(r.key !== undefined ? { key: r.key } : {}),
      ...(typeof r.error === 'string' ? { error: r.error } : {}),
    });
  }
  return { file, format: 'jsonl', operations: pairRecords(records, { file, fail: 'cas-mismatch-false' }) };
}
