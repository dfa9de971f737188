import type { NilReadRule, Operation } from '../types.js';

/** The formats the readers understand (`--format NAME`). */
export const FORMATS = ['jsonl', 'jepsen-edn', 'jepsen-etcd-log', 'porcupine-kv-log'] as const;
export type HistoryFormat = (typeof FORMATS)[number];

export function isHistoryFormat(name: string): name is HistoryFormat {
  return (FORMATS as readonly string[]).includes(name);
}

export type { NilReadRule };

/** The rule a format's source applies, and who applies it. */
export interface NilReadDefault {
  readonly rule: NilReadRule;
  readonly source: string;
}

export const NIL_READ_DEFAULTS: Readonly<Record<HistoryFormat, NilReadDefault>> = {
  'jepsen-edn': { rule: 'any', source: "Knossos's rule for Jepsen EDN histories" },
  'jepsen-etcd-log': { rule: 'absent', source: "Porcupine's rule for its etcd logs" },
  'porcupine-kv-log': { rule: 'absent', source: "Porcupine's rule for its kv logs" },
  jsonl: { rule: 'absent', source: "raft-chaos's rule for history.jsonl" },
};

/** Lines a format's documented rule skips although they looked like operations (damaged lines). */
export interface SkippedLines {
  readonly count: number;
  /** The first few, with their 1-based line and why they were skipped. */
  readonly lines: readonly { readonly line: number; readonly reason: string }[];
}

/** A history read from a file, ready for `checkOperations`. */
export interface ParsedHistory {
  readonly file: string;
  readonly format: HistoryFormat;
  readonly operations: Operation[];
  /** The model this format implies, if any (etcd logs: cas-register; kv logs: kv). */
  readonly suggestedModel?: string;
  /** Client records (invocations and completions) read. */
  readonly records?: number;
  /** Present when damaged operation lines were skipped: the verdict is then at most unknown. */
  readonly skippedLines?: SkippedLines;
  /** Whether operations carry keys from Jepsen's independent [k v] values. */
  readonly independent?: boolean;
}

/** A reader fed text in chunks; `end` gives the history. */
export interface HistorySink {
  push(chunk: string): void;
  end(): ParsedHistory;
  /** Client records read so far. */
  readonly records: number;
}

/** A sink that reads its text line by line: a subclass reads each line and says what `end` gives. */
export abstract class LineSink implements HistorySink {
  private readonly lines = new LineSplitter((text, line) => this.line(text, line));
  abstract readonly records: number;

  push(chunk: string): void {
    this.lines.push(chunk);
  }

  end(): ParsedHistory {
    this.lines.end();
    return this.finish();
  }

  protected abstract line(text: string, line: number): void;
  protected abstract finish(): ParsedHistory;
}

/** Calls `onLine(text, line)` for each line of text that arrives in chunks (without the newline). */
export class LineSplitter {
  private carry = '';
  private line = 0;
  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(chunk: string): void {
    let start = 0;
    let text = chunk;
    if (this.carry !== '') {
      text = this.carry + chunk;
      this.carry = '';
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.onLine(text.slice(start, nl), ++this.line);
      start = nl + 1;
    }
    if (start < text.length) this.carry = text.slice(start);
  }

  end(): void {
    if (this.carry !== '') this.onLine(this.carry, ++this.line);
    this.carry = '';
  }
}
