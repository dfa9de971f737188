// `raft-chaos run --subject lab-go --lab-raft DIR`: the run of src/control/runner/run.ts with the
// lab-go subject configured from --lab-raft, --latency and --loss. The subject brings its own fault
// schedules (Subject.schedules: its partition and crash packages, its scenario stale-leader, which
// --lab-scenario also names); of the catalogue's scenarios, those the lab subject can play. Flags that mean nothing for a lab Raft are refused when given, so
// nothing is silently ignored; the subject's build comes before the run exists (a folder that does
// not build: one message, exit 254).
import { UsageError } from '../util/exit-codes.js';
import type { RunOptions } from '../control/runner/run-options.js';
import { runTest, type RunIO, type RunOutcome } from '../control/runner/run.js';
import { runForExitCode } from './run-cli.js';
import { labGoSubject } from '../subjects/lab-go/subject.js';
import { LAB_SCENARIOS, labScenarioRefusal } from '../subjects/lab-go/scenarios.js';
import { MAELSTROM_WORKLOADS, latencyFlag, probabilityFlag } from '../subjects/maelstrom/options.js';
import { snapshotEveryFlag } from '../subjects/lab-go/snapshots.js';

export const LAB_GO_SUBJECT = 'lab-go';

export interface LabFlags {
  readonly 'lab-raft'?: string;
  /** Delay of every node-to-node message (latency.ts syntax). */
  readonly latency?: string;
  /** Probability a node-to-node message is lost. */
  readonly loss?: number;
  /** rf.Snapshot every N applied commands, as the lab's 2D tester (0: none; absent: 10 if the package has Snapshot). */
  readonly 'lab-snapshot-every'?: number;
  /** Replies held back as the lab labrpc's long reordering does (600 of 900, 200-2200 ms). */
  readonly 'lab-long-reordering'?: boolean;
  /** The same as --scenario (kept for the command lines that name it so). */
  readonly 'lab-scenario'?: string;
  /** LAB_* settings of the adapter (tests). */
  readonly nodeEnv?: Readonly<Record<string, string>>;
}

/** Flags of `run` for other subjects or networks, refused with --subject lab-go when typed. */
const NOT_FOR_LAB: readonly [string, string][] = [
  ['--bin', 'it names a Maelstrom node; --lab-raft names the lab package'],
  ['--duplicate', 'a lab Raft is run without duplicated messages'],
  ['--link-latency', 'the lab nodes talk through the host; use --latency'],
  ['--link-loss', 'the lab nodes talk through the host; use --loss'],
  ['--link-duplicate', 'the lab nodes talk through the host, which duplicates nothing'],
  ['--link-reorder', 'the lab nodes talk through the host; use --latency'],
  ['--etcd-bin', 'it names an etcd binary'],
  ['--etcd-serializable', 'it configures etcd reads'],
  ['--snapshot-every', "it configures raft-chaos's own node; the lab tester's snapshots are --lab-snapshot-every N"],
];

/** The run options, the subject and the lab's scenario (if any) of a lab run; UsageError (254) naming the first bad flag. */
export function labRun(flags: LabFlags, options: RunOptions, argv: readonly string[] = []): { options: RunOptions; io: Pick<RunIO, 'subject'> } {
  const labDir = flags['lab-raft'];
  if (labDir === undefined || labDir === '') throw new UsageError('--subject lab-go needs --lab-raft DIR: the folder of your lab Raft package (where raft.go is)');
  for (const [flag, why] of NOT_FOR_LAB) {
    if (argv.some((a) => a === flag || a.startsWith(`${flag}=`))) throw new UsageError(`${flag}: not available with --subject lab-go (${why})`);
  }
  const labScenarioText = flags['lab-scenario'];
  if (labScenarioText !== undefined) {
    if (!(LAB_SCENARIOS as readonly string[]).includes(labScenarioText)) throw new UsageError(`--lab-scenario ${labScenarioText}: unknown; use ${LAB_SCENARIOS.join(', ')} (or --scenario NAME)`);
    if (options.scenario !== undefined && options.scenario !== labScenarioText) throw new UsageError(`--lab-scenario ${labScenarioText} and --scenario ${options.scenario}: give one scenario`);
  }
  const scenario = options.scenario ?? labScenarioText;
  if (scenario !== undefined) {
    const why = labScenarioRefusal(scenario, options);
    if (why !== null) throw new UsageError(why);
  }
  if (!MAELSTROM_WORKLOADS.includes(options.workload)) throw new UsageError(`--workload ${options.workload}: --subject lab-go runs ${MAELSTROM_WORKLOADS.join(', ')}`);
  const latency = latencyFlag(flags.latency);
  const loss = probabilityFlag('loss', flags.loss);
  const snapshotEvery = snapshotEveryFlag(flags['lab-snapshot-every']);
  const subjectArgs = ['--lab-raft', labDir];
  if (snapshotEvery !== undefined) subjectArgs.push('--lab-snapshot-every', String(snapshotEvery));
  const longReordering = flags['lab-long-reordering'] === true;
  if (longReordering) subjectArgs.push('--lab-long-reordering');
  if (flags.latency !== undefined) subjectArgs.push('--latency', String(flags.latency));
  if (loss > 0) subjectArgs.push('--loss', String(loss));
  const subject = labGoSubject({
    labDir,
    faults: { latency, linkLatency: new Map(), loss, duplication: 0 },
    opTimeoutMs: options.opTimeoutMs,
    ...(snapshotEvery !== undefined ? { snapshotEvery } : {}),
    ...(longReordering ? { longReordering } : {}),
    ...(flags.nodeEnv !== undefined ? { nodeEnv: flags.nodeEnv } : {}),
  });
  return { options: { ...options, subject: LAB_GO_SUBJECT, subjectArgs, ...(scenario !== undefined ? { scenario } : {}) }, io: { subject } };
}

/** A lab run through the seam's runner (tests and the matrix script call it directly). */
export async function runLabGo(flags: LabFlags, options: RunOptions, io: Omit<RunIO, 'subject'>, argv: readonly string[] = []): Promise<RunOutcome> {
  const lab = labRun(flags, options, argv);
  return runTest(lab.options, { ...io, ...lab.io });
}

/** The CLI's handler: the exit code of the run (UsageError is thrown for the CLI to print). */
export async function runLabCommand(flags: LabFlags, options: RunOptions, argv: readonly string[]): Promise<number> {
  const lab = labRun(flags, options, argv);
  return runForExitCode(lab.options, lab.io);
}
