// Reads history.jsonl back. A controller killed mid-write can leave a torn last line: it is
// skipped and reported, never silently mixed in; a bad line elsewhere is an error naming the line.
import fs from 'node:fs';
import type { OpRecord } from './types.js';

export interface HistoryRead {
  readonly ops: OpRecord[];
  /** True when the last line was incomplete and was left out. */
  readonly tornTail: boolean;
}

export class HistoryFormatError extends Error {
  override name = 'HistoryFormatError';
}

function isOpRecord(value: unknown): value is OpRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.index === 'number' &&
    (v.type === 'invoke' || v.type === 'ok' || v.type === 'fail' || v.type === 'info') &&
    (typeof v.process === 'number' || v.process === 'nemesis') &&
    typeof v.f === 'string' &&
    typeof v.time === 'number'
  );
}

export function parseHistory(text: string, file = 'history.jsonl'): HistoryRead {
  const lines = text.split('\n');
  const ops: OpRecord[] = [];
  let tornTail = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const last = i === lines.length - 1 || lines.slice(i + 1).every((l) => l.trim() === '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (last && !text.endsWith('\n')) {
        tornTail = true;
        continue;
      }
      throw new HistoryFormatError(`${file}:${i + 1}: not a JSON object: ${line.slice(0, 80)}`);
    }
    if (!isOpRecord(parsed)) throw new HistoryFormatError(`${file}:${i + 1}: not an operation record: ${line.slice(0, 80)}`);
    ops.push(parsed);
  }
  return { ops, tornTail };
}

export function readHistory(file: string): HistoryRead {
  return parseHistory(fs.readFileSync(file, 'utf8'), file);
}
