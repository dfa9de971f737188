// DESIGN.md §1: the core does no I/O and has no hidden inputs. This reads every source file of
// src/raft and fails if a forbidden import or global creeps in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src/raft');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Drop comments so that prose such as "no Date" does not count. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

const FORBIDDEN: readonly [string, RegExp][] = [
  ['a node: import', /['"]node:/],
  ['a Node built-in module import', /from\s+['"](fs|net|http|https|os|path|child_process|dgram|worker_threads|crypto|timers)(\/[^'"]*)?['"]/],
  ['require()', /\brequire\s*\(/],
  ['dynamic import()', /\bimport\s*\(/],
  ['Date', /\bDate\b/],
  ['Math.random', /Math\.random/],
  ['a timer', /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/],
  ['performance', /\bperformance\b/],
  ['process', /\bprocess\s*\./],
  ['async code', /\b(async|await)\b|\bPromise\b/],
  ['console output', /\bconsole\./],
  ['globalThis', /\bglobalThis\b/],
];

describe('src/raft is pure', () => {
  const files = sources(ROOT);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s has no I/O, clock, timers or global randomness', (_name, file) => {
    const text = code(readFileSync(file, 'utf8'));
    const found = FORBIDDEN.filter(([, re]) => re.test(text)).map(([what]) => what);
    expect(found).toEqual([]);
  });

  it('the checker itself catches a forbidden line', () => {
    const bad = "import { readFileSync } from 'node:fs';\nconst t = Date.now();\nawait x;";
    expect(FORBIDDEN.filter(([, re]) => re.test(code(bad))).map(([w]) => w)).toEqual([
      'a node: import',
      'Date',
      'async code',
    ]);
  });
});
