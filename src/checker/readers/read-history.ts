// Read a history file in any supported format (detected unless given).
import { readFile } from 'node:fs/promises';
import { detectFormat, describeFormats } from './detect.js';
import { readEtcdLog } from './etcd-log.js';
import type { HistoryFormat, ParsedHistory } from './history.js';
import { readJepsenEdn } from './jepsen-edn.js';
import { readJsonl } from './jsonl.js';
import { HistoryParseError } from './parse-error.js';

/** Parse `text` (the content of `file`) as `format`, or as the detected format. */
export function parseHistory(text: string, file: string, format?: HistoryFormat): ParsedHistory {
  const fmt = format ?? detectFormat(text, file);
  if (fmt === undefined) {
    throw new HistoryParseError(file, 1, `cannot tell the history format; name it with --format (${describeFormats()})`);
  }
  switch (fmt) {
    case 'jsonl':
      return readJsonl(text, file);
    case 'jepsen-edn':
      return readJepsenEdn(text, file, 'jepsen-edn');
    case 'porcupine-kv-log':
      return readJepsenEdn(text, file, 'porcupine-kv-log');
    case 'jepsen-etcd-log':
      return readEtcdLog(text, file);
    default: {
      const never: never = fmt;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}

/** Read and parse a history file. */
export async function readHistoryFile(file: string, format?: HistoryFormat): Promise<ParsedHistory> {
  const text = await readFile(file, 'utf8');
  return parseHistory(text, file, format);
}
