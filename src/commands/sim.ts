// `raft-chaos sim`: one seed of the deterministic simulator (src/sim): a bad day of faults with
// clients writing, a heal, then the invariant, acknowledged-write and linearizability checks.
// Prints a summary; exit 0 when every check held, 1 when one failed, 254 for a bad flag.
import type { Argv, CommandModule } from 'yargs';
import { EXIT, UsageError } from '../util/exit-codes.js';
import { numberOption } from './number-option.js';
import { BUG_NAMES } from '../raft/index.js';
import type { BugName } from '../raft/types.js';
import type { HostReadMode } from '../host/types.js';
import type { PartitionSpec } from '../plugins.js';
import { ALL_PARTITION_SPECS, parsePartitionSpecs } from '../faults/partition.js';
import { FAULT_FAMILIES, parseFamilies } from '../sim/bad-day.js';
import { parseDurationUs } from '../sim/parse-duration.js';
import type { BadDayKind, SimRunOptions, SimRunResult } from '../sim/run-seed.js';
import { BAD_DAY_KINDS, DEFAULT_RUN, runSeed } from '../sim/run-seed.js';
import { describeSwarm, swarmTiming } from '../sim/swarm.js';
import { WORKLOAD_NAMES, lookupWorkload } from '../../workloads/index.js';
import { SCENARIO_NAMES, lookupScenario } from '../bugs/scenarios/index.js';
import { simulateScenario } from './sim-scenario.js';

interface SimArgs {
  seed?: number;
  time: string;
  nodes?: number;
  nemesis: string;
  bug: string[];
  clients?: number;
  rate?: number;
  'read-mode'?: string;
  workload?: string;
  scenario?: string;
  'partition-shapes'?: string;
  'bad-day'?: string;
  'snapshot-every'?: number;
  json: boolean;
}

const HOST_READ_MODES: readonly HostReadMode[] = ['read-index', 'lease', 'log', 'local'];

function builder(yargs: Argv): Argv<SimArgs> {
  return yargs
    .option('seed', numberOption('seed', { describe: 'The seed of everything in the run; default: random, printed' }))
    .option('time', { type: 'string', requiresArg: true, default: '60s', describe: 'Virtual time of the fault phase: 60s, 500ms, 2m' })
    .option('nodes', numberOption('nodes', { describe: 'Cluster size 1..9; default: the seed picks 3 or 5' }))
    .option('nemesis', {
      type: 'string',
      requiresArg: true,
      default: FAULT_FAMILIES.join(','),
      describe: `Fault families, a comma list of ${FAULT_FAMILIES.join(', ')}, or none`,
    })
    .option('bug', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: `Switch on a known Raft bug: ${BUG_NAMES.join(', ')}` })
    .option('clients', numberOption('clients', { describe: 'Concurrent client processes; default: the swarm\'s day picks 3, 5 or 10 (classic: 5)' }))
    .option('rate', numberOption('rate', { describe: 'Client operations per virtual second, in total; default: the swarm\'s day picks (classic: 50)' }))
    .option('read-mode', { type: 'string', requiresArg: true, describe: `How clients read: ${HOST_READ_MODES.join(', ')} (local is UNSAFE); default: the seed picks a safe one` })
    .option('workload', { type: 'string', requiresArg: true, describe: `Op generator: ${WORKLOAD_NAMES.join(', ')}; default: the built-in mix over 3 keys` })
    .option('scenario', {
      type: 'string',
      requiresArg: true,
      describe: `A directed bug scenario instead of the bad day (it fixes the cluster, load and fault phase; --seed and --bug apply): ${SCENARIO_NAMES.join(', ')}`,
    })
    .option('partition-shapes', {
      type: 'string',
      requiresArg: true,
      describe: `The shapes the partitions draw from: ${ALL_PARTITION_SPECS.join(', ')}, or symmetric, one-way, all; default: symmetric`,
    })
    .option('bad-day', {
      type: 'string',
      requiresArg: true,
      default: DEFAULT_RUN.badDay,
      describe: `What each seed draws: swarm (its own fault mix, timing, leader targeting and cluster size of 3, 5 or 7) or classic (every enabled family in one mix)`,
    })
    .option('snapshot-every', numberOption('snapshot-every', { describe: 'Snapshot every this many applied entries (0 = never); default: the seed\'s day picks' }))
    .option('json', { type: 'boolean', default: false, describe: 'Print the summary as one JSON object' })
    .example('$0 sim --seed 7 --time 60s --nodes 5', 'one seed, every fault family')
    .example('$0 sim --seed 7 --bug commit-old-term-by-count', 'a known bug the checks must catch')
    .example('$0 sim --scenario figure-8 --bug commit-old-term-by-count --seed 1', "the paper's Figure 8, directed") as unknown as Argv<SimArgs>;
}

function positiveInt(name: string, value: number | undefined, max: number): number {
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`--${name} must be an integer from 1 to ${max}; got ${String(value)}`);
  }
  return value;
}

/** Turn the flags into run options; a UsageError (exit 254) names the first bad flag. */
export function toSimOptions(args: SimArgs): SimRunOptions {
  const seed = args.seed ?? Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer; got ${String(args.seed)}`);
  let timeUs: number;
  let families;
  try {
    timeUs = parseDurationUs(String(args.time), '--time');
    families = parseFamilies(String(args.nemesis));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let partitionShapes: PartitionSpec[] | null = null;
  if (args['partition-shapes'] !== undefined) {
    try {
      partitionShapes = parsePartitionSpecs(args['partition-shapes']);
    } catch (err) {
      throw new UsageError(`--partition-shapes: ${(err as Error).message}`);
    }
    if (!families.includes('partition')) throw new UsageError(`--partition-shapes needs the partition nemesis (got --nemesis ${JSON.stringify(args.nemesis)})`);
  }
  const nodes = args.nodes === undefined ? null : positiveInt('nodes', args.nodes, 9);
  const bugs = args.bug.map((b) => {
    if (!(BUG_NAMES as readonly string[]).includes(b)) throw new UsageError(`--bug ${JSON.stringify(b)} is unknown; accepted: ${BUG_NAMES.join(', ')}`);
    return b as BugName;
  });
  const clients = args.clients === undefined ? null : positiveInt('clients', args.clients, 1000);
  if (args.rate !== undefined && !(typeof args.rate === 'number' && args.rate > 0 && Number.isFinite(args.rate))) {
    throw new UsageError(`--rate must be a positive number of operations per second; got ${String(args.rate)}`);
  }
  let readMode: HostReadMode | null = null;
  if (args['read-mode'] !== undefined) {
    if (!(HOST_READ_MODES as readonly string[]).includes(args['read-mode'])) {
      throw new UsageError(`--read-mode must be one of ${HOST_READ_MODES.join(', ')}; got ${JSON.stringify(args['read-mode'])}`);
    }
    readMode = args['read-mode'] as HostReadMode;
  }
  let workload = null;
  if (args.workload !== undefined) {
    try {
      workload = lookupWorkload(args.workload);
    } catch (err) {
      throw new UsageError(`--workload: ${(err as Error).message}`);
    }
  }
  const snapshotEvery = args['snapshot-every'];
  if (snapshotEvery !== undefined && !(Number.isInteger(snapshotEvery) && snapshotEvery >= 0 && snapshotEvery <= 1_000_000_000)) {
    throw new UsageError(`--snapshot-every must be an integer from 0 to 1000000000 (0 = never); got ${String(snapshotEvery)}`);
  }
  const badDay = String(args['bad-day'] ?? DEFAULT_RUN.badDay);
  if (!(BAD_DAY_KINDS as readonly string[]).includes(badDay)) throw new UsageError(`--bad-day must be one of ${BAD_DAY_KINDS.join(', ')}; got ${JSON.stringify(badDay)}`);
  return {
    ...DEFAULT_RUN,
    seed,
    timeUs,
    nodes,
    families,
    bugs,
    clients,
    opsPerSecond: args.rate ?? null,
    readMode,
    workload,
    badDay: badDay as BadDayKind,
    ...(partitionShapes !== null ? { partitionShapes } : {}),
    ...(snapshotEvery !== undefined ? { snapshotEveryEntries: snapshotEvery } : {}),
  };
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
const ms = (us: number): string => `${Math.round(us / 100) / 10} ms`;

export function formatSummary(r: SimRunResult, wallMs: number): string {
  const o = r.options;
  const d = r.badDay;
  const s = r.stats;
  const n = d.network;
  const drifting = d.drift.slice(1).some((x) => x !== 1);
  const lines = [
    `raft-chaos sim: seed ${o.seed}, ${d.nodes} nodes, ${o.timeUs / 1e6} s of faults (${o.families.join(',') || 'none'})` +
      (o.bugs.length > 0 ? `, bugs: ${o.bugs.join(', ')}` : ''),
    `  bad day: delay ${ms(n.minDelayUs)}..${ms(n.maxDelayUs)}, loss ${pct(n.lossRate)}, duplication ${pct(n.duplicateRate)}, ` +
      `long reordering ${n.longReordering ? 'on' : 'off'}, drift ${drifting ? 'on' : 'off'}, pre-vote ${d.raft.preVote ? 'on' : 'off'}, ` +
      `check-quorum ${d.raft.checkQuorum ? 'on' : 'off'}, snapshot every ${d.snapshotEveryEntries || 'never'}, reads ${o.readMode ?? d.readMode}`,
    ...('swarm' in d ? [`  swarm: ${describeSwarm(d.swarm, d.faultIntervalUs)}; ${swarmTiming(d)}`] : []),
    `  elections ${s.elections} (highest term ${s.maxTerm}), commits ${s.commits}, faults ${s.faults} (crashes ${s.crashes}, restarts ${s.restarts})`,
    `  clients: ${s.clients.invoked} invoked, ${s.clients.ok} ok, ${s.clients.fail} fail, ${s.clients.info} info; ${s.ackedWrites} acknowledged writes`,
    `  network: ${s.network.sent} messages, ${s.network.dropped} dropped, ${s.network.duplicated} duplicated`,
    `  heal: ${s.convergedAfterUs === null ? 'did NOT converge' : `converged ${ms(s.convergedAfterUs)} after the heal`}; linearizable: ${String(s.linearizable)}`,
    `  invariants held: ${r.invariants.checked.join(', ') || 'none'}`,
  ];
  const speed = wallMs > 0 ? `${Math.round(s.virtualUs / 1000 / wallMs)}x real time` : '';
  if (r.ok) {
    lines.push(`VALID (${(s.virtualUs / 1e6).toFixed(1)} virtual s in ${(wallMs / 1000).toFixed(2)} s wall, ${speed})`);
  } else {
    lines.push(`INVALID: ${r.failures.length} problem(s):`);
    for (const f of r.failures.slice(0, 20)) lines.push(`  - ${f}`);
    if (r.failures.length > 20) lines.push(`  ... and ${r.failures.length - 20} more`);
  }
  lines.push(`replay: ${r.replay}`);
  return lines.join('\n');
}

/** `sim --scenario NAME`: the scenario's own shape; a bad name or a --nodes it is not written for exits 254. */
async function scenarioHandler(args: SimArgs, name: string): Promise<void> {
  let spec;
  let options: SimRunOptions;
  try {
    spec = lookupScenario(name);
    options = toSimOptions(args);
    if (options.nodes !== null && options.nodes !== spec.nodes) throw new UsageError(`--scenario ${spec.name} is written for ${spec.nodes} nodes; use --nodes ${spec.nodes} or leave --nodes out (got ${options.nodes})`);
  } catch (err) {
    process.stderr.write(`raft-chaos sim: ${err instanceof UsageError ? err.message : `--scenario: ${(err as Error).message}`}\n`);
    process.exit(EXIT.badArguments);
  }
  const summary = await simulateScenario(spec, options.seed, options.bugs);
  process.stdout.write(`${args.json ? JSON.stringify(summary.json) : summary.text}\n`);
  process.exit(summary.ok ? EXIT.valid : EXIT.invalid);
}

async function handler(args: SimArgs): Promise<void> {
  if (args.scenario !== undefined) return scenarioHandler(args, args.scenario);
  let options: SimRunOptions;
  try {
    options = toSimOptions(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // One clear line naming the flag and what it accepts.
    process.stderr.write(`raft-chaos sim: ${err.message}\n`);
    process.exit(EXIT.badArguments);
  }
  const started = performance.now();
  const result = await runSeed(options);
  const wallMs = performance.now() - started;
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({
        ok: result.ok,
        seed: options.seed,
        replay: result.replay,
        failures: result.failures,
        stats: result.stats,
        badDay: result.badDay,
        invariantsHeld: result.invariants.checked,
        wallMs: Math.round(wallMs),
      })}\n`,
    );
  } else {
    process.stdout.write(`${formatSummary(result, wallMs)}\n`);
  }
  process.exit(result.ok ? EXIT.valid : EXIT.invalid);
}

export const simCommand: CommandModule<object, SimArgs> = {
  command: 'sim',
  describe: 'Run one seed of the deterministic simulator (virtual time) and check it',
  builder,
  handler,
};
