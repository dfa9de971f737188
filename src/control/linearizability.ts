// The seam to the linearizability checker (src/checker/index.ts, built by another helper at the same
// time). Until that module exists the verdict is 'unknown' with a reason, never a pretended true.
import type { Verdict } from '../commands/exit-codes.js';
import type { OpRecord } from '../history/types.js';

export interface LinearizabilityReport {
  readonly valid: Verdict;
  readonly model: string;
  readonly [detail: string]: unknown;
}

type CheckHistoryFn = (history: readonly OpRecord[], options: Record<string, unknown>) => Promise<unknown> | unknown;

async function loadChecker(): Promise<CheckHistoryFn | null> {
  const specifier = '../checker/index.js';
  try {
    const mod = (await import(specifier)) as { checkHistory?: CheckHistoryFn };
    return typeof mod.checkHistory === 'function' ? mod.checkHistory : null;
  } catch {
    return null;
  }
}

/** Client ops only (the nemesis is not part of the model), checked per key by the model. */
export async function checkLinearizability(
  history: readonly OpRecord[],
  model: string,
  options: { readonly timeoutMs: number },
): Promise<LinearizabilityReport> {
  const check = await loadChecker();
  if (check === null) return { valid: 'unknown', model, error: 'the linearizability checker (src/checker/index.ts) is not available' };
  const clientOps = history.filter((op) => op.process !== 'nemesis');
  const result = (await check(clientOps, { model, timeoutMs: options.timeoutMs })) as { valid: Verdict };
  return { ...result, model, valid: result.valid };
}
