// A numeric flag whose bad value is quoted as typed: yargs' own number type turns `--seed foo` into
// NaN, so the text is kept and converted here, and a flag given without a value is refused.
import type { Options } from 'yargs';
import { UsageError } from '../util/exit-codes.js';

const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** The number a flag's text spells, or a UsageError quoting the text. */
export function parseNumberFlag(flag: string, raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (Array.isArray(raw)) throw new UsageError(`--${flag} is given ${raw.length} times (${raw.join(', ')}); give it once`);
  const text = String(raw);
  if (!NUMBER_TEXT.test(text)) throw new UsageError(`--${flag} must be a number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** yargs options of a numeric flag that needs a value; `default` may be absent. */
export function numberOption(flag: string, spec: { describe: string; default?: number }): Options {
  return {
    // No yargs type: `number` would turn the text into NaN before coerce sees it, `string` would
    // label the flag [string] in --help. The type is named in the description instead.
    requiresArg: true,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    describe: `${spec.describe} [number]`,
    coerce: (raw: unknown) => parseNumberFlag(flag, raw),
  };
}
