// Exit codes as in Jepsen (DESIGN.md §2).
import type { Valid } from '../checker/types.js';

export const EXIT = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  badArguments: 254,
  toolFailed: 255,
} as const;

export function exitCodeFor(valid: Valid): number {
  if (valid === true) return EXIT.valid;
  if (valid === false) return EXIT.invalid;
  return EXIT.unknown;
}

/** A bad flag or argument: the message names it and the accepted values; exit 254. */
export class UsageError extends Error {
  override name = 'UsageError';
}
