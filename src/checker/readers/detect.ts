// Tell a history's format from its first meaningful line (and its name as a tie-break).
import { FORMATS, type HistoryFormat } from './history.js';

const ETCD = /^INFO\s+jepsen\.util\s+-\s/;
const KV_OP = /:f\s+:(get|put|append)\b/;

/** The format of `text`, or undefined when it matches none. */
export function detectFormat(text: string, file = ''): HistoryFormat | undefined {
  const lines = text.split('\n', 50);
  const first = lines.map((l) => l.trim()).find((l) => l !== '' && !l.startsWith(';'));
  if (first === undefined) return file.endsWith('.jsonl') ? 'jsonl' : undefined;
  if (lines.some((l) => ETCD.test(l))) return 'jepsen-etcd-log';
  if (first.startsWith('{"') || (first.startsWith('{') && file.endsWith('.jsonl'))) return 'jsonl';
  if (first.startsWith('{')) return /:key\s/.test(first) && KV_OP.test(first) ? 'porcupine-kv-log' : 'jepsen-edn';
  if (first.startsWith('[') || first.startsWith('(') || first.startsWith('#')) return 'jepsen-edn';
  return undefined;
}

export function describeFormats(): string {
  return FORMATS.join(', ');
}
