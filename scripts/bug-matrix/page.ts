// The bug matrix's pages: the markdown block the README holds (the table, and the reasons of the
// sim-only rows), and a self-contained HTML page with the same table and every cell that went
// wrong (a clean run flagged, or the bug not caught) with its replay command.
import { formatMatrix, formatSimOnlyReasons } from '../../src/bugs/matrix.js';
import type { Detection } from '../../src/bugs/types.js';
import type { MatrixCellResult, MatrixPlan } from './plan.js';
import { matrixRows } from './plan.js';

/** How long it took, in words: one run, or shards run side by side. */
export interface MatrixTiming {
  readonly shards: number;
  /** The sum of the shards' wall times, and the longest. */
  readonly totalS: number;
  readonly longestS: number;
}

function timingText(t: MatrixTiming): string {
  return t.shards === 1 ? `${t.totalS.toFixed(0)} s wall` : `${t.totalS.toFixed(0)} s wall in ${t.shards} shards, the longest ${t.longestS.toFixed(0)} s`;
}

/** The README block: what `npm run bug-matrix` prints and `--update-readme` writes. */
export function matrixBlock(plan: MatrixPlan, cells: readonly MatrixCellResult[], timing: MatrixTiming): string {
  const reasons = formatSimOnlyReasons(plan.bugs);
  return [
    `Measured with \`${plan.command}\` (${timingText(timing)}). "clean" = the same scenario and seeds without the bug.`,
    '',
    formatMatrix(matrixRows(plan, cells)),
    '',
    ...(plan.realSeeds !== null && reasons !== '' ? ['Sim-only in real runs:', '', reasons, ''] : []),
  ].join('\n');
}

export interface Noteworthy {
  /** Runs without the bug that a checker flagged: false alarms, or a real bug in the tool. */
  readonly cleanFlagged: readonly Detection[];
  /** Runs with the bug that no checker caught (expected for some seeds: see the detection rate). */
  readonly missed: readonly Detection[];
}

export function noteworthy(cells: readonly MatrixCellResult[]): Noteworthy {
  return { cleanFlagged: cells.filter((c) => c.clean.caught).map((c) => c.clean), missed: cells.filter((c) => !c.withBug.caught).map((c) => c.withBug) };
}

/** Exit code: 1 when a clean run was flagged (the tool cried wolf), else 0. */
export function matrixExitCode(cells: readonly MatrixCellResult[]): number {
  return noteworthy(cells).cleanFlagged.length > 0 ? 1 : 0;
}

export function matrixMarkdown(title: string, plan: MatrixPlan, cells: readonly MatrixCellResult[], timing: MatrixTiming): string {
  const n = noteworthy(cells);
  const list = (ds: readonly Detection[]): string[] => (ds.length === 0 ? ['None.'] : ds.map((d) => `- \`${d.bug}\` seed ${d.seed}: \`${d.replay}\`${d.failures.length > 0 ? ` (${d.failures[0]!.replace(/\n/g, ' ')})` : ''}`));
  return [
    `# ${title}`,
    '',
    matrixBlock(plan, cells, timing),
    `## Clean runs flagged (${n.cleanFlagged.length})`,
    '',
    ...list(n.cleanFlagged),
    '',
    `## Runs with the bug not caught (${n.missed.length})`,
    '',
    ...list(n.missed),
    '',
  ].join('\n');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A markdown table (as formatMatrix writes it) as an HTML table. */
function tableHtml(markdown: string): string {
  const rows = markdown.split('\n').filter((l, i) => i !== 1 && l.startsWith('|'));
  const cellsOf = (line: string): string[] =>
    line
      .slice(1, -1)
      .split(/(?<!\\) \| /)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  const fmt = (c: string): string => esc(c).replace(/`([^`]*)`/g, '<code>$1</code>');
  return `<table><tr>${cellsOf(rows[0] ?? '').map((c) => `<th>${fmt(c)}</th>`).join('')}</tr>\n${rows
    .slice(1)
    .map((r) => `<tr>${cellsOf(r).map((c) => `<td>${fmt(c)}</td>`).join('')}</tr>`)
    .join('\n')}</table>`;
}

function detectionHtml(d: Detection): string {
  const verdict = d.caught ? `caught by ${d.checkers.join(', ')}${d.detectedAtS === null ? '' : ` at ${d.detectedAtS.toFixed(2)} s`}` : 'not caught';
  return `<td>${esc(verdict)}</td><td><code>${esc(d.replay)}</code></td>`;
}

export function matrixHtml(title: string, plan: MatrixPlan, cells: readonly MatrixCellResult[], timing: MatrixTiming, shardLines: readonly string[]): string {
  const n = noteworthy(cells);
  const list = (ds: readonly Detection[]): string =>
    ds.length === 0 ? '<p>None.</p>' : `<table><tr><th>bug</th><th>seed</th><th>verdict</th><th>replay</th></tr>${ds.map((d) => `<tr><td><code>${esc(d.bug)}</code></td><td>${d.seed}</td>${detectionHtml(d)}</tr>`).join('\n')}</table>`;
  const all = cells
    .map((c) => `<tr><td><code>${esc(c.bug)}</code></td><td>${c.mode}${c.module !== undefined ? ` ${c.module}` : ''}</td><td>${c.seed}</td>${detectionHtml(c.withBug)}${detectionHtml(c.clean)}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;width:100%;margin-bottom:1em}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}</style></head>
<body><h1>${esc(title)}</h1>
<p>Measured with <code>${esc(plan.command)}</code> (${esc(timingText(timing))}). "clean" = the same scenario and seeds without the bug.</p>
<ul>${shardLines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
${tableHtml(matrixBlock(plan, cells, timing).split('\n').filter((l) => l.startsWith('|')).join('\n'))}
<h2>Clean runs flagged (${n.cleanFlagged.length})</h2>
${list(n.cleanFlagged)}
<h2>Runs with the bug not caught (${n.missed.length})</h2>
${list(n.missed)}
<details><summary>Every cell (${cells.length})</summary>
<table><tr><th>bug</th><th>mode</th><th>seed</th><th>with the bug</th><th>replay</th><th>clean</th><th>replay</th></tr>
${all}</table></details>
</body></html>
`;
}
