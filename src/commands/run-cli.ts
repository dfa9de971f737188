// A real run started from the command line: the run of src/control/runner/run.ts with the CLI's IO
// (progress on stdout, signal handling, the report unless --no-report), ended as an exit code: the
// verdict's (0 valid, 1 invalid, 2 unknown), or 255 with one line naming the kept run directory
// when the tool itself failed. A UsageError (exit 254) is left to the CLI to print.
import type { RunOptions } from '../control/runner/run-options.js';
import { runTest, RunToolError, type RunIO, type RunOutcome } from '../control/runner/run.js';
import { EXIT, exitCodeFor } from '../util/exit-codes.js';

export interface CliRunHooks {
  /** After the run, before the exit code is taken (a subject's closing lines). */
  readonly after?: (outcome: RunOutcome) => void;
  /** A tool failure the subject explains better than the generic line; return true when written. */
  readonly explainFailure?: (err: RunToolError) => boolean;
}

/** The CLI's IO for a run, plus what the command adds (its subject, an abort signal). */
export function cliRunIO(options: RunOptions, extra: Partial<RunIO> = {}): RunIO {
  return { out: process.stdout, handleSignals: true, ...(options.noReport === true ? { renderReport: null } : {}), ...extra };
}

/** `runner` is runTest unless a subject builds its record itself (lab-go). */
export async function runForExitCode(
  options: RunOptions,
  extra: Partial<RunIO> = {},
  hooks: CliRunHooks = {},
): Promise<number> {
  try {
    const outcome = await runTest(options, cliRunIO(options, extra));
    hooks.after?.(outcome);
    return exitCodeFor(outcome.valid);
  } catch (err) {
    if (!(err instanceof RunToolError)) throw err;
    if (hooks.explainFailure?.(err) !== true) {
      process.stderr.write(`raft-chaos run: ${err.message}\n  (run directory kept: ${err.run.dir})\n`);
    }
    return EXIT.toolFailed;
  }
}
