// Jepsen etcd logs as in Porcupine's test data (../shared/histories/README.md): lines
// `INFO  jepsen.util - <process> :<type> :<f> <value>`; lines of any other shape are skipped, as
// the format says. A skipped line that still looks like an operation (it names jepsen.util or
// carries a :invoke/:ok/:fail/:info field) is a damaged one: it is counted and named, and the
// verdict can then be no better than unknown. A failed cas is a cas that returned false (the
// register did not hold `from`); a failed read changed nothing and is dropped; :info and unmatched
// invocations have an unknown outcome. Time is the line number.
import { parseEdn, EdnSyntaxError } from './edn.js';
import { ednToPlain } from './edn-convert.js';
import { LineSink, type ParsedHistory } from './history.js';
import { RecordPairer, type RecordType } from './pair.js';
import { HistoryParseError } from './parse-error.js';

const LINE = /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:(\S+)\s*(.*?)\s*$/;
const LOOKS_LIKE_OP = /jepsen\.util|(?:^|\s):(?:invoke|ok|fail|info)(?:\s|$)/;
const INTEGER = /^-?\d+$/;
const KEYWORD = /^:[^\s:][^\s]*$/;
/** How many damaged lines are named one by one. */
const NAMED_SKIPS = 20;

export class EtcdLogSink extends LineSink {
  private readonly pairer: RecordPairer;
  private position = 0;
  private skipped = 0;
  private readonly named: { line: number; reason: string }[] = [];

  constructor(private readonly file: string) {
    super();
    this.pairer = new RecordPairer({ file, fail: 'cas-false' });
  }

  get records(): number {
    return this.pairer.records;
  }

  protected finish(): ParsedHistory {
    return {
      file: this.file,
      format: 'jepsen-etcd-log',
      operations: this.pairer.finish(),
      suggestedModel: 'cas-register',
      records: this.pairer.records,
      ...(this.skipped > 0 ? { skippedLines: { count: this.skipped, lines: this.named } } : {}),
    };
  }

  private skip(line: number, reason: string): void {
    this.skipped++;
    if (this.named.length < NAMED_SKIPS) this.named.push({ line, reason });
  }

  protected line(text: string, line: number): void {
    const m = LINE.exec(text);
    if (m === null) {
      if (LOOKS_LIKE_OP.test(text)) this.skip(line, 'looks like an operation but is not of the shape INFO jepsen.util - <process> :<type> :<f> <value>');
      return;
    }
    const [, processText, type, f, valueText] = m as unknown as [string, string, RecordType, string, string];
    const position = this.position++;
    if (!INTEGER.test(processText)) {
      // :nemesis and other named processes are not clients.
      if (!KEYWORD.test(processText)) this.skip(line, `process ${JSON.stringify(processText)} is neither a number nor a keyword`);
      return;
    }
    let value: unknown;
    if (valueText === 'nil' || valueText === '') value = null;
    else if (INTEGER.test(valueText)) value = Number(valueText);
    else {
      try {
        value = ednToPlain(parseEdn(valueText, { maxDepth: 100 }));
      } catch (err) {
        const reason = err instanceof EdnSyntaxError ? err.reason : String(err);
        throw new HistoryParseError(this.file, line, `bad value '${valueText}': ${reason}`);
      }
    }
    this.pairer.push({ type, process: Number(processText), f, value, time: line, line, index: position });
  }
}

export function readEtcdLog(text: string, file: string): ParsedHistory {
  const sink = new EtcdLogSink(file);
  sink.push(text);
  return sink.end();
}
