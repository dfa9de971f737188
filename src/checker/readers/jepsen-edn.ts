// Jepsen / Knossos histories in EDN: a vector or list of op maps, or one op map per line (Jepsen's
// history.edn; Porcupine's kv logs). Keys in any order; extra keys (:time, :index, :error, ...)
// are ignored; :fail completions are dropped, :info completions and unmatched invocations have an
// unknown outcome; :nemesis ops are skipped. Keys come from a :key entry, or, for Jepsen's
// independent histories, from [k v] tuples when every client invocation's value is one.
// Operations are ordered by their position in the file (Jepsen writes them in real-time order).
import { EdnKeyword, EdnSyntaxError, ednLine, keyword, parseEdnForms, type EdnValue } from './edn.js';
import { ednName, ednToPlain } from './edn-convert.js';
import type { HistoryFormat, ParsedHistory } from './history.js';
import { pairRecords, type HistoryRecord, type RecordType } from './pair.js';
import { HistoryParseError } from './parse-error.js';

const K_TYPE = keyword('type');
const K_F = keyword('f');
const K_PROCESS = keyword('process');
const K_VALUE = keyword('value');
const K_KEY = keyword('key');
const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

export interface EdnReadOptions {
  /** Read [k v] values as independent keys: true, false, or 'auto' (default, see above). */
  readonly independent?: boolean | 'auto';
}

interface RawOp {
  readonly map: Map<EdnValue, EdnValue>;
  readonly line: number;
}

function opMaps(text: string, file: string): RawOp[] {
  let forms;
  try {
    forms = parseEdnForms(text);
  } catch (err) {
    if (err instanceof EdnSyntaxError) throw new HistoryParseError(file, err.line, err.reason);
    throw err;
  }
  const items: { value: EdnValue; line: number }[] =
    forms.length === 1 && Array.isArray(forms[0]!.value)
      ? (forms[0]!.value as EdnValue[]).map((value) => ({ value, line: ednLine(value) ?? forms[0]!.line }))
      : forms;
  return items.map(({ value, line }) => {
    if (!(value instanceof Map)) throw new HistoryParseError(file, line, 'expected an operation map {:type ... :f ... :process ...}');
    return { map: value, line };
  });
}

/**
 * The exact line shape of Porcupine's kv logs, read without the general EDN reader (several times
 * faster on the c50 files). Any line of another shape sends the whole file to the EDN reader.
 */
const KV_LINE = /^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "([^"\\]*)", :value (?:nil|"([^"\\]*)")\}$/;

function readKvLinesFast(text: string, file: string): ParsedHistory | null {
  const records: HistoryRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = KV_LINE.exec(line);
    if (m === null) return null;
    records.push({ type: m[2] as RecordType, process: Number(m[1]), f: m[3]!, key: m[4]!, value: m[5] ?? null, time: records.length, line: i + 1 });
  }
  return { file, format: 'porcupine-kv-log', operations: pairRecords(records, { file, fail: 'drop' }), suggestedModel: 'kv' };
}

export function readJepsenEdn(
  text: string,
  file: string,
  format: HistoryFormat = 'jepsen-edn',
  options: EdnReadOptions = {},
): ParsedHistory {
  if (format === 'porcupine-kv-log') {
    const fast = readKvLinesFast(text, file);
    if (fast !== null) return fast;
  }
  const raw = opMaps(text, file);
  const client: { raw: RawOp; type: RecordType; process: number | string; f: string }[] = [];
  for (const r of raw) {
    const m = r.map;
    const type = ednName(m.get(K_TYPE));
    if (type === undefined || !TYPES.has(type)) {
      throw new HistoryParseError(file, r.line, `:type must be :invoke, :ok, :fail or :info, got ${String(m.get(K_TYPE))}`);
    }
    const p = m.get(K_PROCESS);
    if (p instanceof EdnKeyword || typeof p === 'string') continue; // :nemesis
    if (typeof p !== 'number') throw new HistoryParseError(file, r.line, `:process must be a number or :nemesis, got ${String(p)}`);
    const f = ednName(m.get(K_F));
    if (f === undefined) throw new HistoryParseError(file, r.line, ':f must be a keyword such as :read');
    client.push({ raw: r, type: type as RecordType, process: p, f });
  }
  const hasKeys = client.some((c) => c.raw.map.has(K_KEY));
  const independent =
    options.independent === undefined || options.independent === 'auto'
      ? !hasKeys &&
        client.some((c) => c.type === 'invoke') &&
        client.every((c) => c.type !== 'invoke' || isTuple(c.raw.map.get(K_VALUE)))
      : options.independent;

  const records: HistoryRecord[] = [];
  for (let i = 0; i < client.length; i++) {
    const { raw: r, type, process, f } = client[i]!;
    let value: EdnValue = r.map.get(K_VALUE) ?? null;
    let key: string | undefined;
    if (r.map.has(K_KEY)) key = keyText(r.map.get(K_KEY)!);
    else if (independent && isTuple(value)) {
      const [k, v] = value as EdnValue[];
      key = keyText(k!);
      value = v!;
    }
    records.push({ type, process, f, value: ednToPlain(value), time: i, line: r.line, ...(key !== undefined ? { key } : {}) });
  }
  const operations = pairRecords(records, { file, fail: 'drop' });
  return { file, format, operations, ...(format === 'porcupine-kv-log' ? { suggestedModel: 'kv' } : {}) };
}

function isTuple(v: EdnValue | undefined): boolean {
  return Array.isArray(v) && v.length === 2;
}

function keyText(k: EdnValue): string {
  const plain = ednToPlain(k);
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}
