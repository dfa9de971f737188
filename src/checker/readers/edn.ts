// A small EDN reader (https://github.com/edn-format/edn), enough for Jepsen and Knossos histories:
// nil, true/false, integers and floats (N/M suffixes), strings, characters, keywords, symbols,
// vectors and lists (as arrays), maps (as Map), sets (as Set), `;` comments, `#_` discard, and
// tagged literals (`#inst "..."`, `#jepsen.history.Op{...}`), whose tag is dropped.

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

/** The line each map was read from (maps inside a top-level vector have no form of their own). */
const mapLines = new WeakMap<object, number>();

/** The 1-based line a map read by this module started on. */
export function ednLine(value: EdnValue): number | undefined {
  return typeof value === 'object' && value !== null ? mapLines.get(value) : undefined;
}

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

class Reader {
  pos = 0;
  line: number;
  constructor(
    private readonly text: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  fail(reason: string): never {
    throw new EdnSyntaxError(this.line, reason);
  }

  /** Skip whitespace and comments; return the next char code or -1 at the end. */
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
        while (this.pos < text.length && text.charCodeAt(this.pos) !== CH_NEWLINE) this.pos++;
      } else {
        return c;
      }
    }
  }

  read(): EdnValue {
    const c = this.skip();
    if (c === -1) this.fail('unexpected end of input');
    const text = this.text;
    switch (c) {
      case 91 /* [ */:
        this.pos++;
        return this.readSeq(93);
      case 40 /* ( */:
        this.pos++;
        return this.readSeq(41);
      case 123 /* { */: {
        const line = this.line;
        this.pos++;
        const map = this.readMap();
        mapLines.set(map, line);
        return map;
      }
      case 34 /* " */:
        return this.readString();
      case 93:
      case 41:
      case 125:
        this.fail(`unexpected '${text[this.pos]}'`);
      case 35 /* # */: {
        const d = text.charCodeAt(this.pos + 1);
        if (d === 123) {
          this.pos += 2;
          return new Set(this.readSeq(125));
        }
        if (d === 95 /* _ */) {
          this.pos += 2;
          this.read();
          return this.read();
        }
        this.pos++;
        const tag = this.readToken();
        if (tag === '') this.fail("expected a tag after '#'");
        return this.read();
      }
      case 92 /* \ */:
        return this.readChar();
      default:
        return this.readAtom();
    }
  }

  readSeq(close: number): EdnValue[] {
    const out: EdnValue[] = [];
    for (;;) {
      const c = this.skip();
      if (c === -1) this.fail(`unclosed '${close === 93 ? '[' : close === 41 ? '(' : '#{'}'`);
      if (c === close) {
        this.pos++;
        return out;
      }
      if (c === 35 && this.text.charCodeAt(this.pos + 1) === 95) {
        this.pos += 2;
        this.read();
        continue;
      }
      out.push(this.read());
    }
  }

  readMap(): Map<EdnValue, EdnValue> {
    const items = this.readSeq(125);
    if (items.length % 2 !== 0) this.fail('a map needs an even number of forms');
    const map = new Map<EdnValue, EdnValue>();
    for (let i = 0; i < items.length; i += 2) map.set(items[i]!, items[i + 1]!);
    return map;
  }

  readString(): string {
    const text = this.text;
    let i = this.pos + 1;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= text.length) this.fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === CH_NEWLINE) this.line++;
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case 'u': {
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
    return out;
  }

  readChar(): string {
    this.pos++;
    const tok = this.readToken(true);
    const named: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };
    if (tok.length === 1) return tok;
    if (Object.hasOwn(named, tok)) return named[tok]!;
    if (/^u[0-9a-fA-F]{4}$/.test(tok)) return String.fromCharCode(parseInt(tok.slice(1), 16));
    this.fail(`bad character literal \\${tok}`);
  }

  readToken(first = false): string {
    const text = this.text;
    const start = this.pos;
    // A character literal may be a delimiter itself, e.g. \( or \,.
    if (first && this.pos < text.length) this.pos++;
    while (this.pos < text.length && !isDelimiter(text.charCodeAt(this.pos))) this.pos++;
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

/** Parse every top-level form of `text`; `firstLine` numbers its first line (default 1). */
export function parseEdnForms(text: string, firstLine = 1): EdnForm[] {
  const r = new Reader(text, firstLine);
  const forms: EdnForm[] = [];
  for (;;) {
    const c = r.skip();
    if (c === -1) return forms;
    const line = r.line;
    forms.push({ value: r.read(), line });
  }
}

/** Parse exactly one form. */
export function parseEdn(text: string): EdnValue {
  const forms = parseEdnForms(text);
  if (forms.length !== 1) throw new EdnSyntaxError(forms[1]?.line ?? 1, `expected one form, found ${forms.length}`);
  return forms[0]!.value;
}
