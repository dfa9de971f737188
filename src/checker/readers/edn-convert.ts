// EDN values to the plain values the models compare: keywords become ':name' strings, symbols
// their name, vectors and lists arrays, sets JS Sets, maps objects keyed by the key's text
// (keywords without ':'). Converted with an explicit stack, so any nesting depth is fine.
import { EdnKeyword, EdnSymbol, type EdnValue } from './edn.js';

function scalar(v: EdnValue): unknown {
  if (v instanceof EdnKeyword) return `:${v.name}`;
  if (v instanceof EdnSymbol) return v.name;
  return v;
}

function isCollection(v: EdnValue): v is EdnValue[] | Map<EdnValue, EdnValue> | Set<EdnValue> {
  return Array.isArray(v) || v instanceof Map || v instanceof Set;
}

interface Frame {
  readonly items: readonly EdnValue[];
  readonly out: unknown[];
  readonly finish: (out: unknown[]) => unknown;
  next: number;
}

function frameOf(v: EdnValue[] | Map<EdnValue, EdnValue> | Set<EdnValue>): Frame {
  if (Array.isArray(v)) return { items: v, out: [], finish: (out) => out, next: 0 };
  if (v instanceof Set) return { items: [...v], out: [], finish: (out) => new Set(out), next: 0 };
  const keys = [...v.keys()];
  const items: EdnValue[] = [];
  for (const k of keys) items.push(k, v.get(k)!);
  return {
    items,
    out: [],
    next: 0,
    finish: (out) => {
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < out.length; i += 2) {
        const k = keys[i / 2]!;
        obj[k instanceof EdnKeyword ? k.name : String(out[i])] = out[i + 1];
      }
      return obj;
    },
  };
}

export function ednToPlain(v: EdnValue): unknown {
  if (v === null || typeof v !== 'object' || !isCollection(v)) return scalar(v);
  const stack: Frame[] = [frameOf(v)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.items.length) {
      const item = top.items[top.next++]!;
      if (item !== null && typeof item === 'object' && isCollection(item)) stack.push(frameOf(item));
      else top.out.push(scalar(item));
      continue;
    }
    stack.pop();
    const done = top.finish(top.out);
    const parent = stack[stack.length - 1];
    if (parent === undefined) return done;
    parent.out.push(done);
  }
}

/** A keyword's or string's name (`:read` and "read" both give "read"); undefined otherwise. */
export function ednName(v: EdnValue | undefined): string | undefined {
  if (v instanceof EdnKeyword) return v.name;
  if (typeof v === 'string') return v;
  if (v instanceof EdnSymbol) return v.name;
  return undefined;
}

/**
 * A plain value (as ednToPlain gives) printed as EDN: ':name' strings as keywords, other strings
 * quoted, null as nil, arrays as vectors, Sets as sets, objects as maps with keyword keys.
 */
export function ednText(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return /^:[^\s,()[\]{}"';\\]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(ednText).join(' ')}]`;
  if (v instanceof Set) return `#{${[...v].map(ednText).join(' ')}}`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${ednText(k)} ${ednText(x)}`).join(', ')}}`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `:${k} ${ednText(x)}`).join(', ')}}`;
}
