// `raft-chaos run --subject lab-go --lab-raft DIR`: the command-line side of a lab run. Options
// the lab subject does not use are refused when given explicitly, so nothing is silently ignored.
import { UsageError, exitCodeFor, EXIT } from '../util/exit-codes.js';
import { freshSeed } from '../util/rng.js';
import { LabBuildError } from '../subjects/lab-go/build.js';
import { parseLabNemesis, runLabGo } from '../control/lab-go-run.js';

export interface LabCommandArgs {
  readonly 'lab-raft'?: string;
  readonly nemesis: string;
  readonly nodes: number;
  readonly 'time-limit': number;
  readonly concurrency: number;
  readonly rate: number;
  readonly seed?: number;
  readonly 'nemesis-interval': number;
  readonly 'results-dir': string;
  readonly 'op-timeout': number;
  readonly recovery: number;
  readonly workload: string;
  readonly bug: readonly string[];
  readonly report: boolean;
}

export const LAB_GO_SUBJECT = 'lab-go';

/** Its line in `raft-chaos subjects` (it runs through its own runner, src/control/lab-go-run.ts). */
export function labGoSubjectLine(): string {
  return `${LAB_GO_SUBJECT.padEnd(16)} abilities: client, kill, pause, event-log (routes its own messages) -- a 6.824 / 6.5840 lab Raft package (--lab-raft DIR), built with Go, one process per server behind a Maelstrom-protocol adapter`;
}

/** Flags of `run` that mean nothing for a lab Raft. */
const NOT_FOR_LAB = ['--bug', '--read-mode', '--pre-vote', '--check-quorum', '--keys'];

export async function runLabCommand(args: LabCommandArgs, argv: readonly string[]): Promise<number> {
  const labDir = args['lab-raft'];
  if (labDir === undefined || labDir === '') throw new UsageError('--subject lab-go needs --lab-raft DIR: the folder of your lab Raft package (where raft.go is)');
  for (const flag of NOT_FOR_LAB) {
    if (argv.some((a) => a === flag || a.startsWith(`${flag}=`))) throw new UsageError(`${flag}: not available with --subject lab-go (it configures raft-chaos's own node)`);
  }
  if (args.workload !== 'register') throw new UsageError(`--workload ${args.workload}: --subject lab-go runs the register workload only`);
  if (!Number.isInteger(args.nodes) || args.nodes < 3 || args.nodes > 7) throw new UsageError(`--nodes ${args.nodes}: --subject lab-go takes 3 to 7 nodes`);
  const positive = (flag: string, v: number): void => {
    if (!(Number.isFinite(v) && v > 0)) throw new UsageError(`--${flag} ${v}: must be a positive number`);
  };
  positive('time-limit', args['time-limit']);
  positive('concurrency', args.concurrency);
  positive('nemesis-interval', args['nemesis-interval']);
  positive('op-timeout', args['op-timeout']);
  positive('recovery', args.recovery);
  const nemesis = parseLabNemesis(args.nemesis);
  try {
    const outcome = await runLabGo({
      labDir,
      nodes: args.nodes,
      timeLimitS: args['time-limit'],
      concurrency: Math.round(args.concurrency),
      rate: args.rate,
      nemesis,
      nemesisIntervalS: args['nemesis-interval'],
      seed: args.seed ?? freshSeed(),
      resultsDir: args['results-dir'],
      opTimeoutMs: args['op-timeout'],
      recoveryS: args.recovery,
      report: args.report,
    });
    return exitCodeFor(outcome.valid);
  } catch (err) {
    if (err instanceof LabBuildError) {
      process.stderr.write(`raft-chaos run: ${err.message}\n`);
      return EXIT.badArguments;
    }
    throw err;
  }
}
