// The console summary printed at the end of a run.
import { exitCodeFor } from '../../util/exit-codes.js';
import type { RunPaths } from '../../history/store.js';
import type { RunOptions } from './run-options.js';
import { reproduceArgv } from './run-options.js';
import type { CheckerVerdict, RunResults } from '../checks/check-run.js';
import { raftChaosCommand } from '../../history/shell-quote.js';

export function verdictWord(valid: CheckerVerdict): string {
  if (valid === 'not-applicable') return 'N/A';
  return valid === true ? 'VALID' : valid === false ? 'INVALID' : 'UNKNOWN';
}

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/** One console line per checker, e.g. "  invariants       VALID    12 invariants checked". */
export function checkerLines(checkers: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(checkers).map(([name, checker]) => checkerLine(name, checker as { valid: CheckerVerdict } & Record<string, unknown>));
}

function checkerLine(name: string, checker: { valid: CheckerVerdict } & Record<string, unknown>): string {
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

export function formatSummary(
  run: RunPaths,
  options: RunOptions,
  results: RunResults,
  counts: { ok: number; fail: number; info: number },
  interrupted: boolean,
): string {
  const lines: string[] = [];
  lines.push('');
  lines.push(`run ${run.name}${interrupted ? ' (interrupted)' : ''}`);
  lines.push(`  ops: ${counts.ok} ok, ${counts.fail} fail, ${counts.info} info`);
  for (const [name, checker] of Object.entries(results.checkers)) {
    lines.push(checkerLine(name, checker as unknown as { valid: CheckerVerdict } & Record<string, unknown>));
  }
  const perf = results.checkers.perf as unknown as { byF?: Record<string, { count: number; latencyMs: { p50?: number | null; p99?: number | null } }> };
  if (perf.byF !== undefined) {
    for (const [f, g] of Object.entries(perf.byF)) {
      lines.push(`  ${`latency ${f}`.padEnd(16)} n=${g.count} p50 ${ms(g.latencyMs.p50)} p99 ${ms(g.latencyMs.p99)}`);
    }
  }
  lines.push(`  results: ${run.dir}`);
  lines.push(`  replay:  ${raftChaosCommand(reproduceArgv(options))}`);
  lines.push(`verdict: ${verdictWord(results.valid)} (exit ${exitCodeFor(results.valid)})`);
  return `${lines.join('\n')}\n`;
}
