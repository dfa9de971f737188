// A small EDN reader (https://github.com/edn-format/edn), enough for Jepsen and Knossos histories:
// nil, true/false, integers and floats (N/M suffixes), strings, characters, keywords, symbols,
// vectors and lists (as arrays), maps (as Map), sets (as Set), `;` comments, `#_` discard, and
// tagged literals (`#inst "..."`, `#jepsen.history.Op{...}`), whose tag is dropped.
//
// The reader keeps its own stack of open collections instead of recursing, so nesting depth costs
// memory, not call stack. `EdnFormStream` reads top-level forms from text that arrives in chunks
// (a form cut by a chunk boundary is read again once more text has come), so a file need never be
// one string.

/** A keyword such as `:type`. Interned: `keyword('type') === keyword('type')`, so Map lookups work. */
export class EdnKeyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

/** A symbol such as `foo/bar`. */
export class EdnSymbol {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

export type EdnValue =
  | null
  | boolean
  | number
  | string
  | EdnKeyword
  | EdnSymbol
  | EdnValue[]
  | Map<EdnValue, EdnValue>
  | Set<EdnValue>;

const keywords = new Map<string, EdnKeyword>();

export function keyword(name: string): EdnKeyword {
  let k = keywords.get(name);
  if (k === undefined) {
    k = new EdnKeyword(name);
    keywords.set(name, k);
  }
  return k;
}

/** A syntax error at a 1-based line. */
export class EdnSyntaxError extends Error {
  override name = 'EdnSyntaxError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** One top-level form and the line it starts on. */
export interface EdnForm {
  readonly value: EdnValue;
  readonly line: number;
}

export interface EdnReadOptions {
  /** Refuse collections nested deeper than this (counted from the top-level form). Default: none. */
  readonly maxDepth?: number;
}

const CH_NEWLINE = 10;

function isWhitespace(c: number): boolean {
  return c === 32 || c === 44 /* , */ || c === 10 || c === 9 || c === 13 || c === 12;
}

function isDelimiter(c: number): boolean {
  return (
    isWhitespace(c) || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34 || c === 59
  );
}

const NUMBER = /^[-+]?(?:0|[1-9]\d*)(?:\.\d*)?(?:[eE][-+]?\d+)?[NM]?$/;
const RATIO = /^[-+]?\d+\/\d+$/;
/** Digits only (an optional '-'), with no leading zero: the common case, read without a regex. */
function isPlainInteger(tok: string): boolean {
  let i = tok.charCodeAt(0) === 45 ? 1 : 0;
  if (i === tok.length || (tok.charCodeAt(i) === 48 && tok.length > i + 1)) return false;
  for (; i < tok.length; i++) {
    const d = tok.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return true;
}

const NAMED_CHARS: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };

/** Thrown inside the reader when a form runs past the end of text that is not final. */
const INCOMPLETE = Symbol('incomplete');

/** An open collection on the reader's stack. */
interface Frame {
  readonly close: number;
  readonly kind: 'vector' | 'list' | 'map' | 'set';
  readonly items: EdnValue[];
  readonly line: number;
  /** Forms still to be discarded by `#_`. */
  discard: number;
}

function openName(kind: Frame['kind']): string {
  return kind === 'vector' ? '[' : kind === 'list' ? '(' : kind === 'map' ? '{' : '#{';
}

class Reader {
  pos = 0;
  constructor(
    private readonly text: string,
    public line: number,
    /** Whether the text ends here (else running past its end means: wait for more). */
    private readonly final: boolean,
    public maxDepth: number,
  ) {}

  fail(reason: string, line = this.line): never {
    throw new EdnSyntaxError(line, reason);
  }

  private more(): never {
    throw INCOMPLETE;
  }

  /**
   * Skip whitespace and comments; return the next char code, or -1 at the end of the text. A
   * comment cut by the end of non-final text throws INCOMPLETE.
   */
  skip(): number {
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) return -1;
      const c = text.charCodeAt(this.pos);
      if (c === CH_NEWLINE) {
        this.line++;
        this.pos++;
      } else if (isWhitespace(c)) {
        this.pos++;
      } else if (c === 59 /* ; */) {
        const end = text.indexOf('\n', this.pos);
        if (end === -1) {
          if (!this.final) this.more();
          this.pos = text.length;
        } else {
          this.pos = end;
        }
      } else {
        return c;
      }
    }
  }

  /** One whole form, read with an explicit stack of open collections. */
  read(): EdnValue {
    const text = this.text;
    const stack: Frame[] = [];
    let topDiscard = 0;
    for (;;) {
      const c = this.skip();
      if (c === -1) {
        if (!this.final) this.more();
        const open = stack[stack.length - 1];
        if (open !== undefined) this.fail(`unclosed '${openName(open.kind)}' (opened on this line, never closed)`, open.line);
        this.fail('unexpected end of input');
      }
      let value: EdnValue;
      switch (c) {
        case 91 /* [ */:
        case 40 /* ( */:
        case 123 /* { */: {
          const kind = c === 91 ? 'vector' : c === 40 ? 'list' : 'map';
          stack.push({ close: c === 91 ? 93 : c === 40 ? 41 : 125, kind, items: [], line: this.line, discard: 0 });
          if (stack.length > this.maxDepth) this.fail(`collections nested more than ${this.maxDepth} deep`);
          this.pos++;
          continue;
        }
        case 35 /* # */: {
          if (this.pos + 1 >= text.length && !this.final) this.more();
          const d = text.charCodeAt(this.pos + 1);
          if (d === 123) {
            stack.push({ close: 125, kind: 'set', items: [], line: this.line, discard: 0 });
            if (stack.length > this.maxDepth) this.fail(`collections nested more than ${this.maxDepth} deep`);
            this.pos += 2;
            continue;
          }
          if (d === 95 /* _ */) {
            this.pos += 2;
            const top = stack[stack.length - 1];
            if (top === undefined) topDiscard++;
            else top.discard++;
            continue;
          }
          this.pos++;
          const tag = this.readToken();
          if (tag === '') this.fail("expected a tag after '#'");
          continue; // the tag is dropped; the next form is the value
        }
        case 93:
        case 41:
        case 125: {
          const top = stack[stack.length - 1];
          if (top === undefined || top.close !== c) this.fail(`unexpected '${text[this.pos]}'`);
          if (top.discard > 0) this.fail(`'#_' discards nothing before '${text[this.pos]}'`);
          this.pos++;
          stack.pop();
          if (top.kind === 'map') {
            if (top.items.length % 2 !== 0) this.fail('a map needs an even number of forms', top.line);
            const map = new Map<EdnValue, EdnValue>();
            for (let i = 0; i < top.items.length; i += 2) map.set(top.items[i]!, top.items[i + 1]!);
            value = map;
          } else if (top.kind === 'set') {
            value = new Set(top.items);
          } else {
            value = top.items;
          }
          break;
        }
        case 34 /* " */:
          value = this.readString();
          break;
        case 92 /* \ */:
          value = this.readChar();
          break;
        default:
          value = this.readAtom();
      }
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (topDiscard > 0) {
          topDiscard--;
          continue;
        }
        return value;
      }
      if (top.discard > 0) top.discard--;
      else top.items.push(value);
    }
  }

  readString(): string {
    const text = this.text;
    const startLine = this.line;
    let i = this.pos + 1;
    let out = '';
    let start = i;
    let lines = 0;
    for (;;) {
      if (i >= text.length) {
        if (!this.final) this.more();
        this.fail('unterminated string', startLine);
      }
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === CH_NEWLINE) lines++;
      if (c === 92) {
        if (i + 1 >= text.length && !this.final) this.more();
        out += text.slice(start, i);
        const e = text[i + 1];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case 'u': {
            if (i + 6 > text.length && !this.final) this.more();
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad \\u escape in string`);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            this.fail(`unknown escape \\${e ?? ''} in string`);
        }
        i += 2;
        start = i;
        continue;
      }
      i++;
    }
    out += text.slice(start, i);
    this.pos = i + 1;
    this.line += lines;
    return out;
  }

  readChar(): string {
    this.pos++;
    const tok = this.readToken(true);
    if (tok.length === 1) return tok;
    if (Object.hasOwn(NAMED_CHARS, tok)) return NAMED_CHARS[tok]!;
    if (/^u[0-9a-fA-F]{4}$/.test(tok)) return String.fromCharCode(parseInt(tok.slice(1), 16));
    this.fail(`bad character literal \\${tok}`);
  }

  /** The token from here to the next delimiter; one cut by the end of non-final text throws INCOMPLETE. */
  readToken(first = false): string {
    const text = this.text;
    const start = this.pos;
    // A character literal may be a delimiter itself, e.g. \( or \,.
    if (first) {
      if (this.pos >= text.length && !this.final) this.more();
      if (this.pos < text.length) this.pos++;
    }
    while (this.pos < text.length && !isDelimiter(text.charCodeAt(this.pos))) this.pos++;
    if (this.pos >= text.length && !this.final) this.more();
    return text.slice(start, this.pos);
  }

  readAtom(): EdnValue {
    const tok = this.readToken();
    if (tok === '') this.fail(`unexpected '${this.text[this.pos]}'`);
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    const c = tok.charCodeAt(0);
    if (c === 58 /* : */) {
      if (tok.length === 1) this.fail("a keyword needs a name after ':'");
      return keyword(tok.slice(1));
    }
    if ((c >= 48 && c <= 57) || ((c === 45 || c === 43) && tok.length > 1 && /\d/.test(tok[1]!))) {
      if (isPlainInteger(tok)) return Number(tok);
      if (NUMBER.test(tok)) return Number(tok.replace(/[NM]$/, ''));
      if (RATIO.test(tok)) {
        const [a, b] = tok.split('/');
        return Number(a) / Number(b);
      }
      this.fail(`bad number '${tok}'`);
    }
    return new EdnSymbol(tok);
  }
}

export interface EdnStreamOptions extends EdnReadOptions {
  /** The line number of the first chunk's first line (default 1). */
  readonly firstLine?: number;
  /**
   * When the first form opens with '[' or '(', give its elements one by one as the forms (a
   * history written as one vector of operations), and refuse any form after it.
   */
  readonly unwrapTopSequence?: boolean;
}

/**
 * Top-level forms of text that arrives in chunks. `push` each chunk, then `end`; each gives the
 * forms completed so far to `emit`. A form cut by a chunk boundary is read again when the buffered
 * text has doubled (so a large form costs linear time), or at the end.
 */
export class EdnFormStream {
  private buffer = '';
  private line: number;
  private retryAt = 0;
  private readonly maxDepth: number;
  /** 0: no form yet; the close char of the top sequence while inside it; -1 after it / plain forms. */
  private top = 0;
  private topLine = 0;

  constructor(private readonly options: EdnStreamOptions = {}) {
    this.line = options.firstLine ?? 1;
    this.maxDepth = options.maxDepth ?? Infinity;
  }

  push(chunk: string, emit: (form: EdnForm) => void): void {
    this.buffer = this.buffer === '' ? chunk : this.buffer + chunk;
    if (this.buffer.length < this.retryAt) return;
    this.drain(false, emit);
  }

  end(emit: (form: EdnForm) => void): void {
    this.drain(true, emit);
    if (this.top > 0) throw new EdnSyntaxError(this.topLine, `unclosed '${this.top === 93 ? '[' : '('}' (opened on this line, never closed)`);
  }

  private drain(final: boolean, emit: (form: EdnForm) => void): void {
    const r = new Reader(this.buffer, this.line, final, this.maxDepth - (this.top > 0 ? 1 : 0));
    let consumed = 0;
    let consumedLine = this.line;
    try {
      for (;;) {
        let c: number;
        try {
          c = r.skip();
        } finally {
          // Even when a comment is cut by the end of the text, what came before it is consumed.
          consumed = r.pos;
          consumedLine = r.line;
        }
        if (c === -1) break;
        if (this.top === 0 && this.options.unwrapTopSequence === true && (c === 91 || c === 40)) {
          this.top = c === 91 ? 93 : 41;
          this.topLine = r.line;
          r.pos++;
          r.maxDepth = this.maxDepth - 1;
          consumed = r.pos;
          continue;
        }
        if (this.top > 0 && c === this.top) {
          this.top = -1;
          r.pos++;
          r.maxDepth = this.maxDepth;
          consumed = r.pos;
          continue;
        }
        if (this.top === -1 && this.options.unwrapTopSequence === true && this.topLine > 0) {
          throw new EdnSyntaxError(r.line, 'expected nothing after the vector of operations');
        }
        if (this.top === 0) this.top = -1;
        const line = r.line;
        const value = r.read();
        consumed = r.pos;
        consumedLine = r.line;
        emit({ value, line });
      }
    } catch (err) {
      if (err !== INCOMPLETE) throw err;
    }
    // Keep what was not consumed (a form cut by the end of this text), numbered from its line.
    this.buffer = this.buffer.slice(consumed);
    this.line = consumedLine;
    this.retryAt = final ? 0 : Math.max(2 * this.buffer.length, 1);
  }
}

/** Parse every top-level form of `text`; `firstLine` numbers its first line (default 1). */
export function parseEdnForms(text: string, firstLine = 1, options: EdnReadOptions = {}): EdnForm[] {
  const forms: EdnForm[] = [];
  const stream = new EdnFormStream({ ...options, firstLine });
  stream.push(text, (f) => forms.push(f));
  stream.end((f) => forms.push(f));
  return forms;
}

/** Parse exactly one form. */
export function parseEdn(text: string, options: EdnReadOptions = {}): EdnValue {
  const forms = parseEdnForms(text, 1, options);
  if (forms.length !== 1) throw new EdnSyntaxError(forms[1]?.line ?? 1, `expected one form, found ${forms.length}`);
  return forms[0]!.value;
}
