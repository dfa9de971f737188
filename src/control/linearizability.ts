// Linearizability of a run's client history, per key (src/checker: P-compositionality by key).
// Nemesis records are not part of the model and are left out by checkHistory.
import type { Verdict } from '../commands/exit-codes.js';
import type { OpRecord } from '../history/types.js';
import { checkHistory, type CheckResult } from '../checker/index.js';

export type LinearizabilityReport = CheckResult & { readonly valid: Verdict };

export async function checkLinearizability(
  history: readonly OpRecord[],
  model: string,
  options: { readonly timeoutMs: number },
): Promise<LinearizabilityReport> {
  const result = await checkHistory(history, { model, timeoutMs: options.timeoutMs });
  return { ...result, valid: result.valid };
}
