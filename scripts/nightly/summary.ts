// The nightly's summary: summary.json (a shard summary, scripts/shard/summary-file.ts: the plan,
// every cell with its verdict and replay command) and two human pages of the same content,
// summary.html (self-contained) and summary.md, failed cells first. The merge of all shards of a
// night renders the same pages over every shard's cells.
import type { PlanBase, ShardExecution } from '../shard/summary-file.js';
import type { Shard } from '../shard/shard.js';
import { shardText } from '../shard/shard.js';
import type { RealPlanOptions } from './plan.js';
import type { SeedRange } from './seed-range.js';
import { rangeText } from './seed-range.js';

/** A cell's outcome; `skipped` = not started, the budget had no time left for it. */
export type Verdict = 'valid' | 'invalid' | 'unknown' | 'tool-failed' | 'skipped';
export const VERDICTS: readonly Verdict[] = ['invalid', 'tool-failed', 'unknown', 'skipped', 'valid'];

export interface NightlyRun {
  /** Place in the whole plan (all shards). */
  readonly index: number;
  readonly id: string;
  readonly kind: 'real' | 'sim';
  readonly workload: string;
  readonly nemesis: string;
  readonly seed: number;
  readonly verdict: Verdict;
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** The command that replays this run exactly (from the project root). */
  readonly replay: string;
  /** Where its output is, relative to the shard's nightly directory. */
  readonly output: string | null;
  /** Failure lines (checkers, or the tool's last words). */
  readonly problems: readonly string[];
}

export interface NightlyPlan extends PlanBase {
  readonly seedRange: SeedRange;
  readonly simTime: string;
  readonly bugs: readonly string[];
  readonly real: RealPlanOptions | null;
  readonly budgetMs: number;
}

/** What a page shows: one shard's summary, or the merge of all of them. */
export interface NightlyPage {
  readonly title: string;
  readonly plan: NightlyPlan;
  readonly shards: readonly { readonly shard: Shard; readonly execution: ShardExecution }[];
  readonly runs: readonly NightlyRun[];
  /** The link to a run's output from the page, or null for none. */
  readonly link?: (run: NightlyRun) => string | null;
}

const NIGHTLY_KEYS: readonly (keyof NightlyRun)[] = ['kind', 'workload', 'nemesis', 'seed', 'verdict', 'wallMs', 'replay', 'problems'];

/** The merge's check of one recorded cell. */
export function nightlyCellProblem(cell: Record<string, unknown>): string | null {
  for (const k of NIGHTLY_KEYS) if (!(k in cell)) return `no "${k}"`;
  if (!(VERDICTS as readonly unknown[]).includes(cell.verdict)) return `verdict ${JSON.stringify(cell.verdict)} is unknown`;
  if (typeof cell.replay !== 'string' || cell.replay === '') return 'no replay command';
  if (!Array.isArray(cell.problems)) return '"problems" is not a list';
  return null;
}

export function verdictOf(exitCode: number | null): Verdict {
  switch (exitCode) {
    case 0:
      return 'valid';
    case 1:
      return 'invalid';
    case 2:
      return 'unknown';
    default:
      return 'tool-failed';
  }
}

export function countVerdicts(runs: readonly NightlyRun[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { valid: 0, invalid: 0, unknown: 0, 'tool-failed': 0, skipped: 0 };
  for (const r of runs) counts[r.verdict]++;
  return counts;
}

/** Exit code of a night: 1 if a run was invalid, 255 if the tool failed in one, else 0. */
export function nightlyExitCode(runs: readonly NightlyRun[]): number {
  const c = countVerdicts(runs);
  return c.invalid > 0 ? 1 : c['tool-failed'] > 0 ? 255 : 0;
}

export const failedRuns = (runs: readonly NightlyRun[]): NightlyRun[] => runs.filter((r) => r.verdict !== 'valid' && r.verdict !== 'skipped');

function planLines(p: NightlyPlan): string[] {
  return [
    `Seeds ${rangeText(p.seedRange)} (${p.seedRange.count}, from ${p.seedRange.source}); simulated: \`raft-chaos sim\` bad days of ${p.simTime} each` +
      (p.real === null ? '; no real runs.' : `; real: ${p.real.workloads.join(', ')} x ${p.real.nemeses.join(' | ')} on the first ${p.real.seeds} seed(s), ${p.real.timeLimitS} s runs.`),
    `Budget ${(p.budgetMs / 1000).toFixed(0)} s per shard. Whole plan: \`${p.command}\`.`,
  ];
}

function shardLine(s: NightlyPage['shards'][number]): string {
  const e = s.execution;
  return `shard ${shardText(s.shard)}: started ${e.startedAt}, ${(e.elapsedMs / 1000).toFixed(0)} s, \`${e.command}\``;
}

function countsLine(runs: readonly NightlyRun[]): string {
  const c = countVerdicts(runs);
  return `${runs.length} cells: ${c.invalid} invalid, ${c['tool-failed']} tool failures, ${c.unknown} unknown, ${c.skipped} skipped (no time left), ${c.valid} valid.`;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const code = (s: string): string => `<code>${esc(s)}</code>`;
const inlineCode = (s: string): string => esc(s).replace(/`([^`]*)`/g, (_, c: string) => `<code>${c}</code>`);

const COLOURS: Record<Verdict, string> = { valid: '#1a7f37', invalid: '#cf222e', unknown: '#9a6700', 'tool-failed': '#8250df', skipped: '#6e7781' };

function row(r: NightlyRun, link: string | null): string {
  const out = link === null ? '' : ` <a href="${esc(link)}">output</a>`;
  const problems = r.problems.length === 0 ? '' : `<ul>${r.problems.slice(0, 5).map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`;
  return (
    `<tr><td style="color:${COLOURS[r.verdict]};font-weight:bold">${r.verdict}</td><td>${r.kind}</td><td>${esc(r.workload)}</td>` +
    `<td>${esc(r.nemesis)}</td><td>${r.seed}</td><td>${(r.wallMs / 1000).toFixed(1)} s</td>` +
    `<td>${code(r.replay)}${out}${problems}</td></tr>`
  );
}

export function renderSummaryHtml(page: NightlyPage): string {
  const failed = failedRuns(page.runs);
  const rest = page.runs.filter((r) => !failed.includes(r));
  const head = '<tr><th>verdict</th><th>kind</th><th>workload</th><th>nemesis</th><th>seed</th><th>wall</th><th>replay</th></tr>';
  const link = page.link ?? ((r: NightlyRun) => r.output);
  const table = (runs: readonly NightlyRun[]): string => `<table>${head}${runs.map((r) => row(r, link(r))).join('\n')}</table>`;
  const c = countVerdicts(page.runs);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(page.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}</style></head>
<body><h1>${esc(page.title)}</h1>
${page.plan.bugs.length > 0 ? `<p><b>Bugs switched on in every run: ${esc(page.plan.bugs.join(', '))}</b></p>` : ''}
${planLines(page.plan).map((l) => `<p>${inlineCode(l)}</p>`).join('\n')}
<ul>${page.shards.map((s) => `<li>${inlineCode(shardLine(s))}</li>`).join('')}</ul>
<p><b style="color:${COLOURS.invalid}">${c.invalid} invalid</b>, ${esc(countsLine(page.runs))}</p>
<h2>Failed runs (${failed.length})</h2>
${failed.length === 0 ? '<p>None.</p>' : table(failed)}
<h2>Valid and skipped runs (${rest.length})</h2>
${table(rest)}
</body></html>
`;
}

/** The same page as markdown: every failed run with its replay command, then the counts. */
export function renderSummaryMarkdown(page: NightlyPage): string {
  const failed = failedRuns(page.runs);
  const lines = [`# ${page.title}`, '', ...(page.plan.bugs.length > 0 ? [`**Bugs switched on in every run: ${page.plan.bugs.join(', ')}**`, ''] : [])];
  lines.push(...planLines(page.plan).flatMap((l) => [l, '']));
  lines.push(...page.shards.map((s) => `- ${shardLine(s)}`), '', countsLine(page.runs), '', `## Failed runs (${failed.length})`, '');
  if (failed.length === 0) lines.push('None.');
  for (const r of failed) {
    lines.push(`- **${r.verdict}** ${r.kind} seed ${r.seed} (${r.id}): \`${r.replay}\``);
    for (const p of r.problems.slice(0, 5)) lines.push(`  - ${p.replace(/\n/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
