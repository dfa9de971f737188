// The nightly summary: summary.json (every run, its verdict and replay command) and a small
// self-contained summary.html listing the failed runs first.
export type Verdict = 'valid' | 'invalid' | 'unknown' | 'tool-failed';

export interface NightlyRun {
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
  /** Where its output is, relative to the nightly directory. */
  readonly output: string | null;
  /** Failure lines (checkers, or the tool's last words). */
  readonly problems: readonly string[];
}

export interface NightlySummary {
  readonly name: string;
  /** Bugs switched on in every run (empty for a real nightly). */
  readonly bugs: readonly string[];
  readonly startedAt: string;
  readonly budgetMs: number;
  readonly elapsedMs: number;
  readonly planned: number;
  readonly skipped: number;
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly runs: readonly NightlyRun[];
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
  const counts: Record<Verdict, number> = { valid: 0, invalid: 0, unknown: 0, 'tool-failed': 0 };
  for (const r of runs) counts[r.verdict]++;
  return counts;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COLOURS: Record<Verdict, string> = { valid: '#1a7f37', invalid: '#cf222e', unknown: '#9a6700', 'tool-failed': '#8250df' };

function row(r: NightlyRun): string {
  const link = r.output === null ? '' : ` <a href="${esc(r.output)}">output</a>`;
  const problems = r.problems.length === 0 ? '' : `<ul>${r.problems.slice(0, 5).map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`;
  return (
    `<tr><td style="color:${COLOURS[r.verdict]};font-weight:bold">${r.verdict}</td><td>${r.kind}</td><td>${esc(r.workload)}</td>` +
    `<td>${esc(r.nemesis)}</td><td>${r.seed}</td><td>${(r.wallMs / 1000).toFixed(1)} s</td>` +
    `<td><code>${esc(r.replay)}</code>${link}${problems}</td></tr>`
  );
}

export function renderSummaryHtml(s: NightlySummary): string {
  const failed = s.runs.filter((r) => r.verdict !== 'valid');
  const ok = s.runs.filter((r) => r.verdict === 'valid');
  const head = '<tr><th>verdict</th><th>kind</th><th>workload</th><th>nemesis</th><th>seed</th><th>wall</th><th>replay</th></tr>';
  const c = s.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(s.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}</style></head>
<body><h1>${esc(s.name)}</h1>
${s.bugs.length > 0 ? `<p><b>Bugs switched on in every run: ${esc(s.bugs.join(', '))}</b></p>` : ''}
<p>Started ${esc(s.startedAt)}; ${s.runs.length} runs in ${(s.elapsedMs / 1000).toFixed(0)} s of a ${(s.budgetMs / 1000).toFixed(0)} s budget
(${s.skipped} of ${s.planned} planned runs not started: no time left).</p>
<p><b style="color:${COLOURS.invalid}">${c.invalid} invalid</b>, ${c['tool-failed']} tool failures, ${c.unknown} unknown, ${c.valid} valid.</p>
<h2>Failed runs (${failed.length})</h2>
${failed.length === 0 ? '<p>None.</p>' : `<table>${head}${failed.map(row).join('\n')}</table>`}
<h2>Valid runs (${ok.length})</h2>
<table>${head}${ok.map(row).join('\n')}</table>
</body></html>
`;
}
