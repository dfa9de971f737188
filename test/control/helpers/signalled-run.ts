// A run of fake nodes with the CLI's signal handling, whose page takes a while to render (argv: the
// results dir). Prints "RENDERING" when the page starts; exits with the run's verdict code.
import path from 'node:path';
import { runTest } from '../../../src/control/runner/run.js';
import { RUN_DEFAULTS } from '../../../src/control/runner/run-options.js';
import { exitCodeFor } from '../../../src/util/exit-codes.js';

const [resultsDir] = process.argv.slice(2);
const outcome = await runTest(
  { ...RUN_DEFAULTS, seed: 3, bugs: [], resultsDir: resultsDir as string, timeLimitS: 1, recoveryS: 2, nodes: 3 },
  {
    out: process.stdout,
    handleSignals: true,
    command: { file: process.execPath, args: ['--import', 'tsx', path.resolve('test/control/helpers/fake-node-main.ts')] },
    renderReport: async () => {
      process.stdout.write('RENDERING\n');
      await new Promise((r) => setTimeout(r, 4000));
    },
  },
);
process.exit(exitCodeFor(outcome.valid));
