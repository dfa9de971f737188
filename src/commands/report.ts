import type { CommandModule } from 'yargs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EXIT, UsageError } from '../util/exit-codes.js';
import { writeReports } from '../report/index.js';

interface ReportArgs {
  runDir: string;
  resultsDir?: string;
}

// `raft-chaos report RUN_DIR`: rebuild a run's page from its files, then the index of runs.
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <run-dir>',
  describe: 'Rebuild the HTML report of a run (RUN_DIR/index.html) and the index of runs',
  builder: (y) =>
    y
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'a run directory, e.g. results/latest' })
      .option('results-dir', { type: 'string', describe: 'where to rebuild index.html (default: the run directory\u2019s parent)' })
      .example('$0 report results/latest', 'rebuild the latest run\u2019s page') as never,
  handler: async (args) => {
    const runDir = resolve(args.runDir);
    const info = await stat(runDir).catch(() => null);
    if (!info) throw new UsageError(`report: no run directory at "${args.runDir}"`);
    if (!info.isDirectory()) throw new UsageError(`report: "${args.runDir}" is not a directory`);
    const resultsDir = args.resultsDir === undefined ? dirname(runDir) : resolve(args.resultsDir);
    const written = await writeReports(runDir, resultsDir);
    process.stdout.write(`Report: ${written.runPage}\nIndex:  ${written.indexPage}\n`);
    process.exitCode = EXIT.valid;
  },
};
