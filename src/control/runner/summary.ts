// The console summary printed at the end of a run.
import { exitCodeFor } from '../../util/exit-codes.js';
import type { RunPaths } from '../../history/store.js';
import type { RunOptions } from './run-options.js';
import { reproduceArgv } from './run-options.js';
import type { CheckerVerdict, RunResults } from '../checks/check-run.js';
import { checkerLine, verdictWord } from './checker-lines.js';
import { raftChaosCommand } from '../../history/shell-quote.js';

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
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
