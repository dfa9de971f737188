// The small EDN reader (src/checker/readers/edn.ts).
import { describe, expect, it } from 'vitest';
import { EdnFormStream, EdnKeyword, EdnSymbol, EdnSyntaxError, keyword, parseEdn, parseEdnForms, type EdnForm } from '../../src/checker/readers/edn.js';
import { ednToPlain } from '../../src/checker/readers/edn-convert.js';

describe('EDN', () => {
  it('reads scalars', () => {
    expect(parseEdn('nil')).toBeNull();
    expect(parseEdn('true')).toBe(true);
    expect(parseEdn('false')).toBe(false);
    expect(parseEdn('42')).toBe(42);
    expect(parseEdn('-7')).toBe(-7);
    expect(parseEdn('+3')).toBe(3);
    expect(parseEdn('1.5e3')).toBe(1500);
    expect(parseEdn('12N')).toBe(12);
    expect(parseEdn('0.5M')).toBe(0.5);
    expect(parseEdn('1/4')).toBe(0.25);
    expect(parseEdn('"a \\"b\\"\\n\\u0041"')).toBe('a "b"\nA');
    expect(parseEdn('\\a')).toBe('a');
    expect(parseEdn('\\newline')).toBe('\n');
  });
  it('interns keywords and reads symbols', () => {
    expect(parseEdn(':invoke')).toBe(keyword('invoke'));
    expect(parseEdn(':jepsen.history/op')).toBeInstanceOf(EdnKeyword);
    const sym = parseEdn('foo/bar');
    expect(sym).toBeInstanceOf(EdnSymbol);
    expect((sym as EdnSymbol).name).toBe('foo/bar');
    expect(parseEdn('-')).toBeInstanceOf(EdnSymbol);
  });
  it('reads vectors, lists, maps and sets, with commas as white space', () => {
    expect(parseEdn('[1 2, [3]]')).toEqual([1, 2, [3]]);
    expect(parseEdn('(1 nil "x")')).toEqual([1, null, 'x']);
    const m = parseEdn('{:type :invoke, :f :cas, :value [1 2]}') as Map<unknown, unknown>;
    expect(m.get(keyword('type'))).toBe(keyword('invoke'));
    expect(m.get(keyword('value'))).toEqual([1, 2]);
    expect(parseEdn('#{1 2}')).toEqual(new Set([1, 2]));
  });
  it('skips comments, #_ discards, and tags', () => {
    expect(parseEdn('; a comment\n[1 #_ 2 3] ; trailing')).toEqual([1, 3]);
    expect(parseEdn('#inst "2020-01-01"')).toBe('2020-01-01');
    const rec = parseEdn('#jepsen.history.Op{:index 0 :type :ok}') as Map<unknown, unknown>;
    expect(rec.get(keyword('index'))).toBe(0);
  });
  it('numbers the lines of top-level forms and of maps inside a vector', () => {
    const forms = parseEdnForms('{:a 1}\n\n{:a 2}\n');
    expect(forms.map((f) => f.line)).toEqual([1, 3]);
    const elements: EdnForm[] = [];
    const stream = new EdnFormStream({ unwrapTopSequence: true });
    stream.push('[\n{:a 1}\n ; c\n{:a 2}]', (f) => elements.push(f));
    stream.end((f) => elements.push(f));
    expect(elements.map((f) => f.line)).toEqual([2, 4]);
  });
  it('converts to plain values', () => {
    expect(ednToPlain(parseEdn('{:f :read :value [1 :x "s" nil]}'))).toEqual({ f: ':read', value: [1, ':x', 's', null] });
  });
  it('reports syntax errors with their line', () => {
    const bad = ['[1 2', '{:a}', '"abc', ')', '1.2.3', '"\\q"', ':'];
    for (const text of bad) expect(() => parseEdnForms(text), text).toThrow(EdnSyntaxError);
    try {
      parseEdnForms('[1\n2\n{:a 1 :b}]');
      expect.unreachable();
    } catch (err) {
      expect((err as EdnSyntaxError).line).toBe(3);
      expect((err as Error).message).toMatch(/line 3: a map needs an even number of forms/);
    }
  });
  it('reads the same forms whatever the chunk boundaries', () => {
    const text = '; head\n[{:a 1, :b "x y\\n"} #_ {:skip 1}\n #{:k 12N} (1.5 \\c) #inst "2020" nil :kw sym/x 123456]\n{:z [[]]}\n';
    const whole = parseEdnForms(text);
    for (let size = 1; size <= 7; size++) {
      const forms: EdnForm[] = [];
      const stream = new EdnFormStream();
      for (let i = 0; i < text.length; i += size) stream.push(text.slice(i, i + size), (f) => forms.push(f));
      stream.end((f) => forms.push(f));
      expect(forms, `chunks of ${size}`).toEqual(whole);
    }
  });
  it('reads nesting of any depth without recursion, and refuses what passes maxDepth', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    let v = parseEdn(deep);
    let depth = 0;
    while (Array.isArray(v) && v.length === 1) {
      v = v[0]!;
      depth++;
    }
    expect(depth).toBe(199_999);
    expect(ednToPlain(parseEdn('[[[1]]]'))).toEqual([[[1]]]);
    expect(Array.isArray(ednToPlain(parseEdn(deep)))).toBe(true);
    expect(() => parseEdn('[\n[[1]]]', { maxDepth: 2 })).toThrow(/line 2: collections nested more than 2 deep/);
  });
  it('names the line an unclosed collection opened on', () => {
    expect(() => parseEdnForms('{:a 1}\n{:b\n2')).toThrow(/line 2: unclosed '\{'/);
  });
});
