// Merge the shard summaries of one run (a night, or the bug matrix) into one page: merged.json
// (every shard's cells, in plan order, and each shard's execution), index.html (self-contained)
// and summary.md. Nothing is written when a shard is refused (ShardError).
import fs from 'node:fs';
import path from 'node:path';
import { matrixExitCode, matrixHtml, matrixMarkdown, matrixBlock } from '../bug-matrix/page.js';
import type { MatrixTiming } from '../bug-matrix/page.js';
import { matrixCellProblem } from '../bug-matrix/plan.js';
import type { MatrixCellResult, MatrixPlan } from '../bug-matrix/plan.js';
import { nightlyCellProblem, nightlyExitCode, renderSummaryHtml, renderSummaryMarkdown } from '../nightly/summary.js';
import type { NightlyPlan, NightlyRun } from '../nightly/summary.js';
import { shardText } from '../shard/shard.js';
import { mergeShardSummaries, readShardSummary } from '../shard/summary-file.js';
import type { CellCheck, MergedSummary, SummaryKind } from '../shard/summary-file.js';

export const CELL_CHECKS: Record<SummaryKind, CellCheck> = { nightly: nightlyCellProblem, 'bug-matrix': matrixCellProblem };

export interface MergeOutcome {
  readonly merged: MergedSummary;
  /** The files written. */
  readonly files: readonly string[];
  /** The merged verdict as an exit code (0 all well, 1 something found, 255 a tool failure). */
  readonly exitCode: number;
  /** For the bug matrix: the README block of the whole matrix. */
  readonly readmeBlock: string | null;
}

function matrixTiming(m: MergedSummary): MatrixTiming {
  const walls = m.shards.map((s) => s.execution.elapsedMs / 1000);
  return { shards: walls.length, totalS: walls.reduce((a, b) => a + b, 0), longestS: Math.max(...walls) };
}

/** Read, check and merge; writes the pages into outDir. Throws ShardError on a refused shard. */
export function mergeFiles(files: readonly string[], outDir: string, expectShards?: number): MergeOutcome {
  const loaded = files.map((file) => ({ file, summary: readShardSummary(file, (kind) => CELL_CHECKS[kind]) }));
  const merged = mergeShardSummaries(loaded, expectShards);
  const shardLines = merged.shards.map((s) => `shard ${shardText(s.shard)} (${s.file}): started ${s.execution.startedAt}, ${(s.execution.elapsedMs / 1000).toFixed(0)} s, ${s.execution.command}`);
  let html: string;
  let markdown: string;
  let exitCode: number;
  let readmeBlock: string | null = null;
  if (merged.kind === 'nightly') {
    const plan = merged.plan as NightlyPlan;
    const runs = merged.cells as unknown as NightlyRun[];
    const shardDirOf = new Map(runs.map((r) => [r.index, path.dirname(merged.shards.find((s) => (r.index % s.shard.count) + 1 === s.shard.index)!.file)]));
    const page = {
      title: `nightly, seeds ${plan.seedRange.first}..${plan.seedRange.first + plan.seedRange.count - 1}, ${merged.shards.length} shard(s)`,
      plan,
      shards: merged.shards,
      runs,
      link: (r: NightlyRun) => (r.output === null ? null : path.relative(outDir, path.join(shardDirOf.get(r.index)!, r.output))),
    };
    html = renderSummaryHtml(page);
    markdown = renderSummaryMarkdown(page);
    exitCode = nightlyExitCode(runs);
  } else {
    const plan = merged.plan as MatrixPlan;
    const cells = merged.cells as unknown as MatrixCellResult[];
    const timing = matrixTiming(merged);
    const title = `bug matrix, ${merged.shards.length} shard(s)`;
    html = matrixHtml(title, plan, cells, timing, shardLines);
    markdown = matrixMarkdown(title, plan, cells, timing);
    readmeBlock = matrixBlock(plan, cells, timing);
    exitCode = matrixExitCode(cells);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const out = { json: path.join(outDir, 'merged.json'), html: path.join(outDir, 'index.html'), md: path.join(outDir, 'summary.md') };
  fs.writeFileSync(out.json, `${JSON.stringify(merged, null, 2)}\n`);
  fs.writeFileSync(out.html, html);
  fs.writeFileSync(out.md, markdown);
  return { merged, files: [out.json, out.html, out.md], exitCode, readmeBlock };
}
