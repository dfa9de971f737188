// `raft-chaos run`: a real cluster of node processes, clients and a nemesis, then the checkers
// (src/control/runner/run.ts does the work). Exit codes as in Jepsen: 0 valid, 1 invalid, 2 unknown,
// 254 bad arguments, 255 the tool failed.
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../util/exit-codes.js';
import { numberOption } from './number-option.js';
import { RUN_DEFAULTS, parseOnOff, type RunOptions } from '../control/runner/run-options.js';
import { NODE_READ_MODES } from '../node/config.js';
import { runForExitCode } from './run-cli.js';
import { freshSeed } from '../util/rng.js';
import { WORKLOAD_NAMES, WORKLOADS } from '../../workloads/index.js';
import { NEMESES, NEMESIS_NAMES } from '../../nemesis/index.js';
import { SCENARIO_NAMES } from '../bugs/scenarios/index.js';
import { ALL_PARTITION_SPECS } from '../faults/partition.js';
import type { NemesisTiming } from '../../nemesis/election-timed.js';
import type { BugName } from '../raft/types.js';
import type { NodeReadMode } from '../node/config.js';
import { DEFAULT_SUBJECT, SUBJECT_NAMES } from '../subjects/index.js';
import { LAB_GO_SUBJECT, runLabCommand } from './lab-go.js';
import { runMaelstromCommand } from './run-maelstrom.js';
import { runEtcdCommand } from './run-etcd.js';
import type { NetName } from '../net/open.js';

interface RunArgs {
  subject: string;
  workload: string;
  nemesis: string;
  scenario?: string;
  nodes: number;
  'time-limit': number;
  concurrency: number;
  rate: number;
  keys: number;
  seed?: number;
  'nemesis-interval': number;
  'partition-shapes'?: string;
  'read-mode': string;
  'results-dir': string;
  'op-timeout': number;
  'attempt-timeout'?: number;
  'nemesis-timing'?: string;
  recovery: number;
  bug: string[];
  report: boolean;
  'pre-vote': string;
  'check-quorum': string;
  'lab-raft'?: string;
  'lab-scenario'?: string;
  'lab-snapshot-every'?: number;
  'lab-long-reordering'?: boolean;
  bin?: string;
  latency?: string;
  loss?: number;
  duplicate?: number;
  'etcd-bin'?: string;
  'etcd-serializable'?: boolean;
  net?: string;
  hosts?: string;
  'link-latency': number;
  'link-loss': number;
  'link-duplicate'?: number;
  'link-reorder'?: number;
  'snapshot-every'?: number;
}

const list = (names: readonly string[], describe: (n: string) => string): string => names.map((n) => `${n}: ${describe(n)}`).join('; ');

function builder(yargs: Argv): Argv<RunArgs> {
  return yargs
    .option('subject', {
      type: 'string',
      default: DEFAULT_SUBJECT,
      describe: `The system under test (see \`raft-chaos subjects\`): ${SUBJECT_NAMES.join(', ')} (lab-go: a 6.824 / 6.5840 lab Raft package, given with --lab-raft)`,
    })
    .option('workload', {
      type: 'string',
      requiresArg: true,
      default: RUN_DEFAULTS.workload,
      describe: `What the clients do. ${list(WORKLOAD_NAMES, (n) => WORKLOADS.get(n)?.description ?? '')}`,
    })
    .option('nemesis', {
      type: 'string',
      requiresArg: true,
      default: RUN_DEFAULTS.nemesis,
      describe: `Fault package(s), a comma list of: ${list(NEMESIS_NAMES, (n) => NEMESES.get(n)?.description ?? '')}`,
    })
    .option('scenario', {
      type: 'string',
      requiresArg: true,
      describe: `A directed bug scenario as the fault schedule, instead of --nemesis (with the --nodes it is written for): ${SCENARIO_NAMES.join(', ')}; with --subject lab-go also stale-leader (any --nodes), not those that need a clock or the log`,
    })
    .option('nodes', numberOption('nodes', { default: RUN_DEFAULTS.nodes, describe: 'Cluster size (3..9)' }))
    .option('time-limit', numberOption('time-limit', { default: RUN_DEFAULTS.timeLimitS, describe: 'Seconds of client load and faults' }))
    .option('concurrency', numberOption('concurrency', { default: RUN_DEFAULTS.concurrency, describe: 'Logical client processes' }))
    .option('rate', numberOption('rate', { default: RUN_DEFAULTS.rate, describe: 'Client operations per second in total (0 = as fast as possible)' }))
    .option('keys', numberOption('keys', { default: RUN_DEFAULTS.keys, describe: 'Independent keys (multi-register)' }))
    .option('seed', numberOption('seed', { describe: 'Seed of every random choice (values, keys, fault shapes, targets, timing); default: random, printed' }))
    .option('nemesis-interval', numberOption('nemesis-interval', { default: RUN_DEFAULTS.nemesisIntervalS, describe: 'Seconds between nemesis actions (fault, heal, fault, ...)' }))
    .option('partition-shapes', {
      type: 'string',
      requiresArg: true,
      describe: `With --nemesis partition: the shapes it picks from, a comma list of ${ALL_PARTITION_SPECS.join(', ')}, or the groups symmetric (the default), one-way, all`,
    })
    .option('read-mode', {
      type: 'string',
      requiresArg: true,
      default: RUN_DEFAULTS.readMode,
      describe: `How nodes serve reads: log (through the log), read-index (ReadIndex, §6.4), lease (leader lease, thesis §6.4.1: no round trip while a quorum answered within leaseTicks < electionTicks; safe only while clocks drift within that margin), local (UNSAFE: any node answers from its own state, may be stale; exists to show the checker catches it). One of ${NODE_READ_MODES.join(', ')}`,
    })
    .option('results-dir', { type: 'string', requiresArg: true, default: RUN_DEFAULTS.resultsDir, describe: 'Where run directories are written' })
    .option('op-timeout', numberOption('op-timeout', { default: RUN_DEFAULTS.opTimeoutMs, describe: 'Milliseconds a client waits for an answer before recording info' }))
    .option('nemesis-timing', {
      type: 'string',
      requiresArg: true,
      describe: "When faults strike: interval (default: every --nemesis-interval, random targets) or elections (the status view is watched; each new leader is struck, within 150 ms of its election, with one of --nemesis's families, held for --nemesis-interval)",
    })
    .option('attempt-timeout', numberOption('attempt-timeout', { describe: "Milliseconds a client waits on one node before it sends the same request (same id) to another, within --op-timeout; default: a --scenario's own, else the whole --op-timeout" }))
    .option('recovery', numberOption('recovery', { default: RUN_DEFAULTS.recoveryS, describe: 'Seconds allowed for a leader and convergence after the final heal' }))
    .option('bug', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Switch on a known Raft bug in every node (see `raft-chaos bugs`)' })
    .option('pre-vote', {
      type: 'string',
      requiresArg: true,
      default: String(RUN_DEFAULTS.preVote),
      describe: 'Pre-vote (thesis §9.6): true or false. false = basic Raft elections, where a partitioned node raises its term and disrupts the cluster when it returns',
    })
    .option('check-quorum', {
      type: 'string',
      requiresArg: true,
      default: String(RUN_DEFAULTS.checkQuorum),
      describe: 'Check-quorum (thesis §6.2): true or false. false = a leader cut off from a majority stays leader until it hears a higher term. Lease reads need one of the two on',
    })
    .option('bin', { type: 'string', requiresArg: true, describe: 'With --subject maelstrom: the node command line, e.g. "python3 node.py" (run in nodes/<id>/ of the run)' })
    .option('latency', { type: 'string', requiresArg: true, describe: 'With --subject maelstrom: delay of node-to-node messages: MS, MIN-MAX (uniform) or exp:MEAN' })
    .option('loss', numberOption('loss', { describe: 'With --subject maelstrom: probability a node-to-node message is lost' }))
    .option('duplicate', numberOption('duplicate', { describe: 'With --subject maelstrom: probability a node-to-node message is delivered twice' }))
    .option('etcd-bin', { type: 'string', requiresArg: true, describe: 'With --subject etcd: the etcd binary (default: etcd on PATH; install: apt-get install -y etcd-server)' })
    .option('etcd-serializable', { type: 'boolean', describe: 'With --subject etcd: serializable reads (a member answers from its own state, may be stale): the negative control' })
    .option('net', {
      type: 'string',
      describe:
        'The network: proxy (user-space proxies on loopback), netns (a network namespace per node, kernel faults by nftables; needs root), ssh (a machine per node over ssh, kernel faults; needs --hosts). Default proxy; --subject etcd: netns where namespaces can be made',
    })
    .option('hosts', { type: 'string', requiresArg: true, describe: 'With --net ssh: a file of user@address lines, one per node (see README)' })
    .option('link-latency', numberOption('link-latency', { default: RUN_DEFAULTS.linkLatencyMs, describe: 'Milliseconds of one-way delay on every peer link (--net proxy, netns)' }))
    .option('link-loss', numberOption('link-loss', { default: RUN_DEFAULTS.linkLossPercent, describe: 'Percent of peer-link packets (--net netns, ssh) or messages (--net proxy) dropped at random' }))
    .option('link-duplicate', numberOption('link-duplicate', { describe: "Percent of peer messages sent a second time, 1-40 ms late (--net proxy: whole frames; --net netns: packets, by the kernel's netem where it has it)" }))
    .option('link-reorder', numberOption('link-reorder', { describe: "Percent of peer messages held back 1-40 ms while later ones pass (--net proxy: whole frames; --net netns with --link-latency: by netem)" }))
    .option('snapshot-every', numberOption('snapshot-every', { describe: 'Each node snapshots its state machine and compacts its log every this many applied entries (0 = never); default 1000 (--subject raft-chaos only)' }))
    .option('report', { type: 'boolean', default: true, describe: 'Write the HTML report (index.html); --no-report skips it' })
    .option('lab-raft', { type: 'string', describe: 'With --subject lab-go: the folder of your lab Raft package (where raft.go is)' })
    .option('lab-snapshot-every', {
      type: 'number',
      requiresArg: true,
      describe:
        "With --subject lab-go: call rf.Snapshot(index, state) every N applied commands from the applyCh reader, install the snapshots Raft sends on applyCh and restart from the Persister's, as the lab's 2D tester does; 0: none. Default 10 (the tester's SnapShotInterval) if the package has Snapshot, else 0",
    })
    .option('lab-long-reordering', {
      type: 'boolean',
      describe:
        "With --subject lab-go: the lab labrpc's long reordering (its Figure8Unreliable test): 600 of 900 RPC replies are held back 200 + rand(1 + rand(2000)) ms after the handler ran, before the caller gets them, and calls wait 2.2 s longer for a reply",
    })
    .option('lab-scenario', {
      type: 'string',
      requiresArg: true,
      describe: 'With --subject lab-go: the same as --scenario: stale-leader (the old leader keeps sending stale heartbeats while the others must elect again)',
    })
    .example('$0 run --workload register --nemesis partition', 'a 5-node cluster under partitions for 30 s')
    .example('$0 run --nodes 3 --time-limit 10 --read-mode local --nemesis partition', 'stale reads the checker must catch')
    .example('$0 run --subject etcd --nemesis partition,crash,pause', 'etcd 3.4, a member per network namespace, under every fault it takes')
    .example('$0 run --subject lab-go --lab-raft ~/6.5840/src/raft --nemesis partition,crash', 'your lab Raft, as real processes under faults') as unknown as Argv<RunArgs>;
}

export function toRunOptions(args: RunArgs): RunOptions {
  return {
    ...(args.subject !== DEFAULT_SUBJECT ? { subject: args.subject } : {}),
    workload: args.workload,
    nemesis: args.nemesis,
    ...(args.scenario !== undefined ? { scenario: args.scenario } : {}),
    nodes: args.nodes,
    timeLimitS: args['time-limit'],
    concurrency: args.concurrency,
    rate: args.rate,
    keys: args.keys,
    seed: args.seed ?? freshSeed(),
    nemesisIntervalS: args['nemesis-interval'],
    ...(args['partition-shapes'] !== undefined ? { partitionShapes: args['partition-shapes'] } : {}),
    readMode: args['read-mode'] as NodeReadMode,
    resultsDir: args['results-dir'],
    opTimeoutMs: args['op-timeout'],
    ...(args['attempt-timeout'] !== undefined ? { attemptTimeoutMs: args['attempt-timeout'] } : {}),
    ...(args['nemesis-timing'] !== undefined ? { nemesisTiming: args['nemesis-timing'] as NemesisTiming } : {}),
    recoveryS: args.recovery,
    bugs: args.bug as BugName[],
    noReport: !args.report,
    preVote: parseOnOff('pre-vote', args['pre-vote']),
    checkQuorum: parseOnOff('check-quorum', args['check-quorum']),
    ...(args.net !== undefined ? { net: args.net as NetName } : {}),
    ...(args.hosts !== undefined ? { hostsFile: args.hosts } : {}),
    linkLatencyMs: args['link-latency'],
    linkLossPercent: args['link-loss'],
    ...(args['link-duplicate'] !== undefined ? { linkDuplicatePercent: args['link-duplicate'] } : {}),
    ...(args['link-reorder'] !== undefined ? { linkReorderPercent: args['link-reorder'] } : {}),
    ...(args['snapshot-every'] !== undefined ? { snapshotEveryEntries: args['snapshot-every'] } : {}),
  };
}

async function handler(args: RunArgs): Promise<void> {
  const options = toRunOptions(args);
  if (args.subject === LAB_GO_SUBJECT) process.exit(await runLabCommand(args, options, process.argv.slice(2)));
  for (const flag of ['lab-raft', 'lab-scenario', 'lab-snapshot-every', 'lab-long-reordering'] as const) {
    if (args[flag] !== undefined) throw new UsageError(`--${flag} needs --subject ${LAB_GO_SUBJECT}`);
  }
  if (args.subject === 'maelstrom') return runMaelstromCommand(args, options);
  for (const flag of ['bin', 'latency', 'loss', 'duplicate'] as const) {
    if (args[flag] !== undefined) throw new UsageError(`--${flag} applies only to --subject maelstrom${flag === 'latency' || flag === 'loss' ? ' or lab-go' : ''}`);
  }
  if (args.subject === 'etcd') return runEtcdCommand(args, options);
  for (const flag of ['etcd-bin', 'etcd-serializable'] as const) {
    if (args[flag] !== undefined) throw new UsageError(`--${flag} applies only to --subject etcd`);
  }
  process.exit(await runForExitCode(options));
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run a real Raft cluster under client load and faults, then check the history',
  builder,
  handler,
};
