import type { Operation } from '../types.js';

/** The formats the readers understand (`--format NAME`). */
export const FORMATS = ['jsonl', 'jepsen-edn', 'jepsen-etcd-log', 'porcupine-kv-log'] as const;
export type HistoryFormat = (typeof FORMATS)[number];

export function isHistoryFormat(name: string): name is HistoryFormat {
  return (FORMATS as readonly string[]).includes(name);
}

/** A history read from a file, ready for `checkOperations`. */
export interface ParsedHistory {
  readonly file: string;
  readonly format: HistoryFormat;
  readonly operations: Operation[];
  /** The model this format implies, if any (etcd logs: cas-register; kv logs: kv). */
  readonly suggestedModel?: string;
}
