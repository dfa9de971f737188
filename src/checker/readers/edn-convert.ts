// EDN values to the plain values the models compare: keywords become ':name' strings, symbols
// their name, vectors/lists/sets arrays, maps objects keyed by the key's text (keywords without ':').
import { EdnKeyword, EdnSymbol, type EdnValue } from './edn.js';

export function ednToPlain(v: EdnValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof EdnKeyword) return `:${v.name}`;
  if (v instanceof EdnSymbol) return v.name;
  if (Array.isArray(v)) return v.map(ednToPlain);
  if (v instanceof Set) return [...v].map(ednToPlain);
  const out: Record<string, unknown> = {};
  for (const [k, val] of v) out[k instanceof EdnKeyword ? k.name : String(ednToPlain(k))] = ednToPlain(val);
  return out;
}

/** A keyword's or string's name (`:read` and "read" both give "read"); undefined otherwise. */
export function ednName(v: EdnValue | undefined): string | undefined {
  if (v instanceof EdnKeyword) return v.name;
  if (typeof v === 'string') return v;
  if (v instanceof EdnSymbol) return v.name;
  return undefined;
}
