// One console line per checker of a run's results ("  invariants       VALID    12 invariants
// checked"), for the run summary and `raft-chaos check`. Imports nothing of the runner, so a check
// of a history file loads none of it.
import type { CheckerVerdict } from '../../checker/compose.js';

export function verdictWord(valid: CheckerVerdict): string {
  if (valid === 'not-applicable') return 'N/A';
  return valid === true ? 'VALID' : valid === false ? 'INVALID' : 'UNKNOWN';
}

/** One console line per checker, e.g. "  invariants       VALID    12 invariants checked". */
export function checkerLines(checkers: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(checkers).map(([name, checker]) => checkerLine(name, checker as { valid: CheckerVerdict } & Record<string, unknown>));
}

export function checkerLine(name: string, checker: { valid: CheckerVerdict } & Record<string, unknown>): string {
  const detail: string[] = [];
  if (checker.valid === 'not-applicable' && typeof checker.reason === 'string') detail.push(`not applicable: ${checker.reason}`);
  if (typeof checker.error === 'string') detail.push(checker.error.split('\n')[0] ?? '');
  if (name === 'linearizability') {
    if (typeof checker.operations === 'number') detail.push(`${checker.operations} ops`);
    if (Array.isArray(checker.partitions)) detail.push(`${checker.partitions.length} key(s)`);
    if (typeof checker.ms === 'number') detail.push(`${Math.round(checker.ms)} ms`);
  }
  if (name === 'invariants') {
    if (Array.isArray(checker.checked)) detail.push(`${checker.checked.length} invariants checked`);
    const violations = checker.violations;
    if (Array.isArray(violations) && violations.length > 0) {
      const first = violations[0] as { invariant?: string; message?: string };
      detail.push(`${violations.length} violation(s), first: ${first.invariant}: ${first.message}`);
    }
    const notApplicable = checker.notApplicable;
    if (typeof notApplicable === 'object' && notApplicable !== null) {
      const entries = Object.entries(notApplicable);
      // One reason is worth its line; a subject's list of what it cannot show is in results.json.
      if (entries.length <= 2) for (const [check, why] of entries) detail.push(`${check} not applicable: ${String(why)}`);
      else detail.push(`not applicable: ${entries.map(([check]) => check).join(', ')} (why: results.json)`);
    }
  }
  if (name === 'findings' && Array.isArray(checker.findings)) {
    detail.push(checker.findings.length === 0 ? String(checker.message ?? 'none') : `${checker.findings.length} finding(s)`);
    const shown = (checker.findings as { kind?: string; message?: string }[]).slice(0, 5).map((f) => `\n    - ${f.kind}: ${f.message}`);
    return `  ${name.padEnd(16)} ${verdictWord(checker.valid).padEnd(8)} ${detail.join(', ')}${shown.join('')}`;
  }
  return `  ${name.padEnd(16)} ${verdictWord(checker.valid).padEnd(8)} ${detail.join(', ')}`;
}
