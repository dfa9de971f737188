// The report library: one page per run and an index of runs (DESIGN.md §2 "Results directory").
import { dirname, resolve } from 'node:path';
import { renderRunReport, type RenderOptions } from './render-run.js';
import { renderIndex } from './render-index.js';

export { renderRunReport, type RenderOptions } from './render-run.js';
export { renderIndex, listRuns } from './render-index.js';
export { startResultsServer, type ResultsServer } from './server.js';

export interface WrittenReports {
  readonly runPage: string;
  readonly indexPage: string;
}

/**
 * What `run` and `sim` call after each run: write results/<run>/index.html, then rebuild
 * results/index.html in the run's parent directory (or `resultsDir`). (renderRunReport alone does
 * both too, for callers that know only it.)
 */
export async function writeReports(runDir: string, resultsDir: string = dirname(resolve(runDir)), options: RenderOptions = {}): Promise<WrittenReports> {
  const runPage = await renderRunReport(runDir, { ...options, index: false });
  const indexPage = await renderIndex(resultsDir);
  return { runPage, indexPage };
}
