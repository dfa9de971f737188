// Read a history file in any supported format (detected unless given), streaming: the file is
// decoded chunk by chunk (invalid UTF-8 is an error naming its line) and fed to the format's
// reader, so memory holds the operations, not the file's text. A history with no client
// operations is refused: a file of another format or garbage must never check as valid.
import { detectFormat, describeFormats } from './detect.js';
import { EtcdLogSink } from './etcd-log.js';
import type { HistoryFormat, HistorySink, ParsedHistory } from './history.js';
import { JepsenEdnSink, KvLogSink } from './jepsen-edn.js';
import { JsonlSink } from './jsonl.js';
import { HistoryParseError } from './parse-error.js';
import { readTextChunks, type ReadProgress } from './text-source.js';

export interface ReadHistoryOptions {
  /** The format; detected from the first lines when absent. */
  readonly format?: HistoryFormat;
  /** Hears how far the read has got, after each chunk of the file. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** How much text is looked at to detect the format. */
const DETECT_CHARS = 64 * 1024;

function sinkFor(format: HistoryFormat, file: string): HistorySink {
  switch (format) {
    case 'jsonl':
      return new JsonlSink(file);
    case 'jepsen-edn':
      return new JepsenEdnSink(file);
    case 'porcupine-kv-log':
      return new KvLogSink(file);
    case 'jepsen-etcd-log':
      return new EtcdLogSink(file);
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}

function detectOrFail(head: string, file: string): HistoryFormat {
  const fmt = detectFormat(head, file);
  if (fmt === undefined) {
    throw new HistoryParseError(file, 1, `cannot tell the history format; name it with --format (${describeFormats()})`);
  }
  return fmt;
}

/** Refuse a history without client operations. */
function checked(history: ParsedHistory): ParsedHistory {
  if ((history.records ?? history.operations.length) === 0) {
    const skipped = history.skippedLines ? `; ${history.skippedLines.count} damaged line(s) skipped` : '';
    throw new HistoryParseError(history.file, 0, `no operations read as ${history.format}${skipped} (is it a ${history.format} history? name the format with --format: ${describeFormats()})`);
  }
  return history;
}

/** Parse `text` (the content of `file`) as `format`, or as the detected format. */
export function parseHistory(text: string, file: string, format?: HistoryFormat): ParsedHistory {
  const sink = sinkFor(format ?? detectOrFail(text.slice(0, DETECT_CHARS), file), file);
  sink.push(text);
  return checked(sink.end());
}

/** Read and parse a history file (format given, or detected). */
export async function readHistoryFile(file: string, options: HistoryFormat | ReadHistoryOptions = {}): Promise<ParsedHistory> {
  const opts: ReadHistoryOptions = typeof options === 'string' ? { format: options } : options;
  let sink: HistorySink | null = opts.format !== undefined ? sinkFor(opts.format, file) : null;
  let head = '';
  let bytes = 0;
  let total = 0;
  const onBytes = (read: number, size: number): void => {
    bytes = read;
    total = size;
  };
  for await (const chunk of readTextChunks(file, onBytes)) {
    if (sink === null) {
      head += chunk;
      if (head.length < DETECT_CHARS) continue;
      sink = sinkFor(detectOrFail(head, file), file);
      const text = head;
      head = '';
      sink.push(text);
    } else {
      sink.push(chunk);
    }
    opts.onProgress?.({ file, bytesRead: bytes, totalBytes: total, records: sink.records });
  }
  if (sink === null) {
    sink = sinkFor(detectOrFail(head, file), file);
    sink.push(head);
  }
  const history = checked(sink.end());
  opts.onProgress?.({ file, bytesRead: bytes, totalBytes: total, records: sink.records });
  return history;
}
