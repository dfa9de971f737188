import type { Operation } from '../../../src/checker/types.js';

let nextId = 0;

/** A hand-written operation: ok unless `output` is '?' (unknown outcome, never returns). */
export function op(
  process: number,
  f: string,
  input: unknown,
  output: unknown,
  call: number,
  ret: number,
  key?: string,
): Operation {
  const unknown = output === '?';
  return {
    id: nextId++,
    process,
    f,
    ...(key !== undefined ? { key } : {}),
    input,
    output: unknown ? undefined : output,
    outcome: unknown ? 'unknown' : 'ok',
    call,
    return: unknown ? Infinity : ret,
  };
}

/** Renumber ids 0..n-1 in order. */
export function history(...ops: Operation[]): Operation[] {
  return ops.map((o, i) => ({ ...o, id: i }));
}
