// Jepsen etcd logs as in Porcupine's test data (../shared/histories/README.md): lines
// `INFO  jepsen.util - <process> :<type> :<f> <value>`; every other line is skipped. A failed cas
// is a cas that returned false (the register did not hold `from`); a failed read changed nothing
// and is dropped; :info and unmatched invocations have an unknown outcome. Time is the line number.
import { parseEdn, EdnSyntaxError } from './edn.js';
import { ednToPlain } from './edn-convert.js';
import type { ParsedHistory } from './history.js';
import { pairRecords, type HistoryRecord, type RecordType } from './pair.js';
import { HistoryParseError } from './parse-error.js';

const LINE = /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:(\S+)\s*(.*?)\s*$/;
const INTEGER = /^-?\d+$/;

export function readEtcdLog(text: string, file: string): ParsedHistory {
  const records: HistoryRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    if (m === null) continue;
    const [, processText, type, f, valueText] = m as unknown as [string, string, RecordType, string, string];
    const line = i + 1;
    let value: unknown;
    if (valueText === 'nil' || valueText === '') value = null;
    else if (INTEGER.test(valueText)) value = Number(valueText);
    else {
      try {
        value = ednToPlain(parseEdn(valueText));
      } catch (err) {
        const reason = err instanceof EdnSyntaxError ? err.reason : String(err);
        throw new HistoryParseError(file, line, `bad value '${valueText}': ${reason}`);
      }
    }
    const process = INTEGER.test(processText) ? Number(processText) : processText;
    if (typeof process === 'string') continue; // :nemesis and other non-client lines
    records.push({ type, process, f, value, time: line, line });
  }
  const operations = pairRecords(records, { file, fail: 'cas-false' });
  return { file, format: 'jepsen-etcd-log', operations, suggestedModel: 'cas-register' };
}
