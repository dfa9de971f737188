// Jepsen / Knossos histories in EDN: a vector or list of op maps, or one op map per line (Jepsen's
// history.edn; Porcupine's kv logs), read streaming. Keys in any order; extra keys (:time, :error,
// ...) are ignored; :fail completions are dropped, :info completions and unmatched invocations have
// an unknown outcome; :nemesis ops are skipped. As in Knossos (history/complete), an ok operation's
// value is its completion's. Keys come from a :key entry, or, for Jepsen's independent histories,
// from [k v] tuples when every client invocation's value is one. Operations are ordered by their
// position in the file (Jepsen writes them in real-time order); an operation is named by its
// completion's :index, or by that record's position in the file.
import { EdnFormStream, EdnKeyword, EdnSyntaxError, keyword, type EdnForm, type EdnValue } from './edn.js';
import { ednName, ednToPlain } from './edn-convert.js';
import { LineSink, type HistoryFormat, type HistorySink, type ParsedHistory } from './history.js';
import { RecordPairer, makeOperation, type RecordType } from './pair.js';
import { HistoryParseError } from './parse-error.js';
import type { Operation } from '../types.js';

const K_TYPE = keyword('type');
const K_F = keyword('f');
const K_PROCESS = keyword('process');
const K_VALUE = keyword('value');
const K_KEY = keyword('key');
const K_INDEX = keyword('index');
const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

/** Collections nested deeper than this inside one operation are refused (the models compare values recursively). */
export const MAX_EDN_DEPTH = 1000;

export interface JepsenEdnOptions {
  /** Read [k v] values as independent keys: true, false, or 'auto' (default, see above). */
  readonly independent?: boolean | 'auto';
}

function isTuple(v: unknown): v is [unknown, unknown] {
  return Array.isArray(v) && v.length === 2;
}

/**
 * Whether an invocation's value reads as Jepsen's independent [k v]: a pair whose v is a value of
 * that f (a cas's [from to] and a txn's [k [[f k v] ...]] need the pair inside; a bare [from to] or
 * a transaction of two micro-operations is not a [k v]).
 */
function looksIndependent(f: string, v: unknown): boolean {
  if (!isTuple(v)) return false;
  if (f === 'cas') return isTuple(v[1]);
  if (f === 'txn') return !Array.isArray(v[0]) && Array.isArray(v[1]) && v[1].every((m) => Array.isArray(m));
  return true;
}

function keyText(plain: unknown): string {
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}

/** Op maps to records, shared by the EDN and kv-log sinks. */
class OpMaps {
  readonly pairer: RecordPairer;
  /** Records seen (client or not): their time and default index. */
  position = 0;
  hasKeys = false;
  invokes = 0;
  allInvokesTuples = true;

  constructor(
    private readonly file: string,
    format: HistoryFormat,
  ) {
    this.pairer = new RecordPairer({ file, fail: 'drop', ...(format === 'jepsen-edn' ? { okValue: 'completion' as const } : {}) });
  }

  form(form: EdnForm): void {
    const file = this.file;
    const { value: m, line } = form;
    const position = this.position++;
    if (!(m instanceof Map)) throw new HistoryParseError(file, line, 'expected an operation map {:type ... :f ... :process ...}');
    const type = ednName(m.get(K_TYPE));
    if (type === undefined || !TYPES.has(type)) {
      throw new HistoryParseError(file, line, `:type must be :invoke, :ok, :fail or :info, got ${String(m.get(K_TYPE))}`);
    }
    const p = m.get(K_PROCESS);
    if (p instanceof EdnKeyword || typeof p === 'string') return; // :nemesis
    if (typeof p !== 'number') throw new HistoryParseError(file, line, `:process must be a number or :nemesis, got ${String(p)}`);
    const f = ednName(m.get(K_F));
    if (f === undefined) throw new HistoryParseError(file, line, ':f must be a keyword such as :read');
    const raw: EdnValue = m.get(K_VALUE) ?? null;
    const value = ednToPlain(raw);
    const index = m.get(K_INDEX);
    let key: string | undefined;
    if (m.has(K_KEY)) {
      key = keyText(ednToPlain(m.get(K_KEY)!));
      this.hasKeys = true;
    }
    if (type === 'invoke') {
      this.invokes++;
      if (!looksIndependent(f, value)) this.allInvokesTuples = false;
    }
    this.pairer.push({
      type: type as RecordType,
      process: p,
      f,
      value,
      time: position,
      line,
      index: typeof index === 'number' && Number.isInteger(index) ? index : position,
      key,
    });
  }

  finish(format: HistoryFormat, independentOption: boolean | 'auto' | undefined): ParsedHistory {
    let operations = this.pairer.finish();
    const independent =
      independentOption === undefined || independentOption === 'auto'
        ? !this.hasKeys && this.invokes > 0 && this.allInvokesTuples
        : independentOption;
    if (independent) operations = operations.map(splitTuple);
    return {
      file: this.file,
      format,
      operations,
      records: this.pairer.records,
      ...(independent ? { independent } : {}),
      ...(format === 'porcupine-kv-log' ? { suggestedModel: 'kv' } : {}),
    };
  }
}

/** Jepsen's independent [k v] value split into the key and the value. */
function splitTuple(op: Operation): Operation {
  if (op.key !== undefined || !isTuple(op.input)) return op;
  const [k, input] = op.input;
  const output = op.outcome === 'ok' && isTuple(op.output) ? op.output[1] : op.output;
  const split = makeOperation(op.process, op.f, keyText(k), input, output, op.outcome, op.call, op.return, op.index);
  (split as { id: number }).id = op.id;
  return split;
}

export class JepsenEdnSink implements HistorySink {
  private readonly maps: OpMaps;
  private readonly stream = new EdnFormStream({ unwrapTopSequence: true, maxDepth: MAX_EDN_DEPTH });
  private readonly emit = (form: EdnForm): void => this.maps.form(form);

  constructor(
    private readonly file: string,
    private readonly options: JepsenEdnOptions = {},
  ) {
    this.maps = new OpMaps(file, 'jepsen-edn');
  }

  get records(): number {
    return this.maps.pairer.records;
  }

  push(chunk: string): void {
    this.guard(() => this.stream.push(chunk, this.emit));
  }

  end(): ParsedHistory {
    this.guard(() => this.stream.end(this.emit));
    return this.maps.finish('jepsen-edn', this.options.independent);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof EdnSyntaxError) throw new HistoryParseError(this.file, err.line, err.reason);
      throw err;
    }
  }
}

/**
 * The exact line shape of Porcupine's kv logs, read without the general EDN reader (several times
 * faster on the c50 files). A line of another shape is read as EDN.
 */
const KV_LINE = /^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "([^"\\]*)", :value (?:nil|"([^"\\]*)")\}$/;

export class KvLogSink extends LineSink {
  private readonly maps: OpMaps;

  constructor(private readonly file: string) {
    super();
    this.maps = new OpMaps(file, 'porcupine-kv-log');
  }

  get records(): number {
    return this.maps.pairer.records;
  }

  protected finish(): ParsedHistory {
    return this.maps.finish('porcupine-kv-log', false);
  }

  protected line(text: string, line: number): void {
    if (text.trim() === '') return;
    const m = KV_LINE.exec(text);
    if (m !== null) {
      const position = this.maps.position++;
      this.maps.pairer.push({ type: m[2] as RecordType, process: Number(m[1]), f: m[3]!, key: m[4]!, value: m[5] ?? null, time: position, line, index: position });
      return;
    }
    const stream = new EdnFormStream({ firstLine: line, maxDepth: MAX_EDN_DEPTH });
    try {
      const forms: EdnForm[] = [];
      stream.push(text, (f) => forms.push(f));
      stream.end((f) => forms.push(f));
      for (const f of forms) this.maps.form(f);
    } catch (err) {
      if (err instanceof EdnSyntaxError) throw new HistoryParseError(this.file, err.line, err.reason);
      throw err;
    }
  }
}

export function readJepsenEdn(text: string, file: string, format: HistoryFormat = 'jepsen-edn', options: JepsenEdnOptions = {}): ParsedHistory {
  const sink = format === 'porcupine-kv-log' ? new KvLogSink(file) : new JepsenEdnSink(file, options);
  sink.push(text);
  return sink.end();
}
