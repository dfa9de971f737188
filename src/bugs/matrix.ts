// The detection matrix: detections per bug summed into a row (rate, checkers seen, median time to
// detection), printed as a markdown table for the README.
import type { BugName } from '../raft/types.js';
import { scenarioFor } from './catalogue.js';
import type { CheckerName, Detection } from './types.js';

export interface MatrixCell {
  readonly tried: number;
  readonly caught: number;
  /** Median time to detection over the caught attempts (seconds), null if none. */
  readonly medianS: number | null;
  /** How many caught attempts each checker flagged. */
  readonly checkers: ReadonlyMap<CheckerName, number>;
  /** Attempts without the bug that a checker flagged (false alarms). */
  readonly cleanTried: number;
  readonly cleanFlagged: number;
}

export interface MatrixRow {
  readonly bug: BugName;
  /** Undirected: `raft-chaos sim --bug NAME --seed S`, every default (the swarm); null when not run. */
  readonly swarm?: MatrixCell | null;
  /** The catalogue's simulated plan (a directed scenario or a chaos mix). */
  readonly sim: MatrixCell | null;
  readonly real: MatrixCell | null;
  /** The bug's lab-API fixture run in a lab Raft (lab-go), with the flags that expose it; null when not run or none. */
  readonly lab?: LabCell | null;
}

export interface LabCell {
  readonly fixture: string;
  /** The `raft-chaos run --subject lab-go` flags of the plan. */
  readonly flags: string;
  readonly cell: MatrixCell;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Sum the attempts of one bug in one mode (detections with and without the bug). */
export function summarize(detections: readonly Detection[]): MatrixCell {
  const withBug = detections.filter((d) => d.withBug);
  const clean = detections.filter((d) => !d.withBug);
  const caught = withBug.filter((d) => d.caught);
  const checkers = new Map<CheckerName, number>();
  for (const d of caught) for (const c of d.checkers) checkers.set(c, (checkers.get(c) ?? 0) + 1);
  const times = caught.map((d) => d.detectedAtS).filter((t): t is number => t !== null);
  return {
    tried: withBug.length,
    caught: caught.length,
    medianS: median(times),
    checkers,
    cleanTried: clean.length,
    cleanFlagged: clean.filter((d) => d.caught).length,
  };
}

function checkerText(cell: MatrixCell | null): string {
  if (cell === null || cell.caught === 0) return '-';
  return [...cell.checkers.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => (n === cell.caught ? c : `${c} (${n}/${cell.caught})`))
    .join(', ');
}

function rateText(cell: MatrixCell): string {
  const clean = cell.cleanTried > 0 ? `; clean ${cell.cleanFlagged}/${cell.cleanTried} flagged` : '';
  return `${cell.caught}/${cell.tried}${clean}`;
}

const seconds = (s: number | null): string => (s === null ? '-' : `${s.toFixed(s < 10 ? 2 : 1)} s`);

/** The markdown table; swarm, real and lab columns only when some row has such a cell. */
export function formatMatrix(rows: readonly MatrixRow[]): string {
  const withSwarm = rows.some((r) => r.swarm != null);
  const withReal = rows.some((r) => r.real !== null);
  const withLab = rows.some((r) => r.lab != null);
  const head = ['bug'];
  if (withSwarm) head.push('swarm detection (undirected)', 'swarm median (virtual)', 'caught by (swarm)');
  head.push('nemesis', 'workload', 'caught by (sim)', 'sim detection', 'sim median (virtual)');
  if (withReal) head.push('real detection', 'real median (wall)', 'caught by (real)');
  if (withLab) head.push('lab fixture (lab-go, both module paths)', 'lab detection', 'caught by (lab)');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const e = scenarioFor(r.bug);
    const cells = [`\`${r.bug}\``];
    if (withSwarm) cells.push(r.swarm == null ? '-' : rateText(r.swarm), seconds(r.swarm?.medianS ?? null), checkerText(r.swarm ?? null));
    cells.push(e.nemesis, e.workload, checkerText(r.sim), r.sim === null ? '-' : rateText(r.sim), seconds(r.sim?.medianS ?? null));
    if (withReal) {
      if (r.real !== null) cells.push(rateText(r.real), seconds(r.real.medianS), checkerText(r.real));
      else cells.push(e.real.kind === 'sim-only' ? 'sim-only' : 'not run', '-', '-');
    }
    if (withLab) {
      if (r.lab != null) cells.push(`\`${r.lab.fixture}\` with \`${r.lab.flags}\``, rateText(r.lab.cell), checkerText(r.lab.cell));
      else cells.push('-', '-', '-');
    }
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The reasons of the sim-only rows, as a markdown list. */
export function formatSimOnlyReasons(bugs: readonly BugName[]): string {
  const lines: string[] = [];
  for (const bug of bugs) {
    const e = scenarioFor(bug);
    if (e.real.kind === 'sim-only') lines.push(`- \`${bug}\`: ${e.real.reason}.`);
  }
  return lines.join('\n');
}
