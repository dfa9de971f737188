// The command line that reproduces a run, from its test.json: the recorded argv when there is one,
// otherwise the options turned back into flags (camelCase -> --kebab-case).
import { shellQuote } from '../history/shell-quote.js';
import { isObject } from './jsonl.js';

/** Keys of test.json that describe the run rather than choose it. */
const NOT_OPTIONS = new Set([
  'name', 'dir', 'runDir', 'resultsDir', 'startedAt', 'startTime', 'endTime', 'finishedAt', 'date', 'version',
  'argv', 'command', 'mode', 'kind', 'hostname', 'node', 'nodeVersion', 'pid', 'durationNs', 'durationMs', 'tool',
]);

export { shellQuote };

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function flagValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
  return null;
}

export function reproduceCommand(test: Record<string, unknown> | null): string | null {
  if (test === null) return null;
  const argv = test['argv'];
  if (Array.isArray(argv) && argv.length > 0 && argv.every((a) => typeof a === 'string')) {
    return ['npx', 'raft-chaos', ...argv.map((a) => shellQuote(a))].join(' ');
  }
  const command = test['command'];
  if (typeof command === 'string' && command.includes('raft-chaos')) return command;
  const options = isObject(test['options']) ? test['options'] : test;
  const mode = test['mode'] ?? test['kind'];
  const sub = mode === 'sim' || command === 'sim' ? 'sim' : 'run';
  const words = ['npx', 'raft-chaos', sub];
  for (const [key, value] of Object.entries(options)) {
    if (NOT_OPTIONS.has(key) || value === undefined || value === null) continue;
    if (value === true) words.push(`--${kebab(key)}`);
    else if (value === false) continue;
    else {
      const text = flagValue(value);
      if (text !== null && text !== '') words.push(`--${kebab(key)}`, shellQuote(text));
    }
  }
  return words.join(' ');
}
