// `--bin "CMD ARGS..."`: split a command line into words the way a POSIX shell would for plain
// words, single and double quotes and backslashes (no variables, globs or pipes).
import path from 'node:path';

export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== null) throw new RangeError(`unclosed ${quote} quote in ${JSON.stringify(text)}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * Each node runs in its own directory, so words of the command that name an existing file or
 * directory relative to where raft-chaos runs (the program, a script) are made absolute; other
 * words (flags, values) pass unchanged.
 */
export function absolutePaths(words: readonly string[], cwd: string, exists: (p: string) => boolean): string[] {
  return words.map((w) => {
    if (w === '' || w.startsWith('-') || path.isAbsolute(w)) return w;
    const candidate = path.resolve(cwd, w);
    return exists(candidate) && (w.includes('/') || w.includes('.')) ? candidate : w;
  });
}
