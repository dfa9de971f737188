// The options of `raft-chaos run --subject maelstrom`: the run's own options plus the binary and
// the host network's faults. Bad values get one line naming the flag (UsageError -> exit 254).
import { UsageError } from '../../commands/exit-codes.js';
import { validateRunOptions, type RunOptions } from '../../control/run-options.js';
import { parseNemesisList } from '../../../nemesis/index.js';
import { lookupWorkload } from '../../../workloads/index.js';
import fs from 'node:fs';
import { absolutePaths, splitCommandLine } from './argv.js';
import { LATENCY_SYNTAX, parseLatency, type LatencySpec } from './latency.js';
import type { NetworkFaults } from './network.js';

export interface MaelstromRunOptions extends RunOptions {
  /** The node's command line, e.g. "python3 node.py --flag" (split like a shell, no expansion). */
  readonly bin: string;
  /** Delay of every node-to-node message (latency.ts syntax); absent = none. */
  readonly latency?: string;
  /** Probability a node-to-node message is lost. */
  readonly loss?: number;
  /** Probability a node-to-node message is delivered twice. */
  readonly duplicate?: number;
}

/** Workloads the lin-kv client can drive: read, write and cas on keys, checked as cas-registers. */
const CLIENT_WORKLOADS = ['lin-kv', 'register', 'multi-register'];

export interface ValidatedMaelstrom {
  readonly argv: string[];
  readonly faults: NetworkFaults;
  readonly latency: LatencySpec;
}

function probability(flag: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) {
    throw new UsageError(`--${flag} must be a probability from 0 to below 1, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function validateMaelstromOptions(o: MaelstromRunOptions): ValidatedMaelstrom {
  validateRunOptions(o);
  if (!CLIENT_WORKLOADS.includes(o.workload)) {
    throw new UsageError(`--workload ${o.workload} is not served by the maelstrom subject's client; use one of ${CLIENT_WORKLOADS.join(', ')}`);
  }
  lookupWorkload(o.workload);
  const families = parseNemesisList(o.nemesis).flatMap((n) => n.families);
  if (families.includes('clock')) {
    throw new UsageError('--nemesis clock: the maelstrom subject has no clock ability (a Maelstrom node reads the host clock, which raft-chaos cannot set per process)');
  }
  if (o.bugs.length > 0) throw new UsageError('--bug switches on bugs in our own Raft core; it does not apply to --subject maelstrom');
  let argv: string[];
  try {
    argv = splitCommandLine(o.bin ?? '');
  } catch (err) {
    throw new UsageError(`--bin: ${(err as Error).message}`);
  }
  if (argv.length === 0) throw new UsageError('--subject maelstrom needs --bin "COMMAND ARGS..." (the Maelstrom node to run)');
  argv = absolutePaths(argv, process.cwd(), (p) => fs.existsSync(p));
  let latency: LatencySpec = { kind: 'constant', ms: 0 };
  if (o.latency !== undefined) {
    try {
      latency = parseLatency(String(o.latency));
    } catch {
      throw new UsageError(`--latency must be ${LATENCY_SYNTAX}, got ${JSON.stringify(o.latency)}`);
    }
  }
  const faults: NetworkFaults = {
    latency,
    linkLatency: new Map(),
    loss: probability('loss', o.loss),
    duplication: probability('duplicate', o.duplicate),
  };
  return { argv, faults, latency };
}

/** The argv (after `raft-chaos`) that replays a maelstrom run. */
export function maelstromReproduceArgv(base: readonly string[], o: MaelstromRunOptions): string[] {
  const argv = [...base, '--subject', 'maelstrom', '--bin', o.bin];
  if (o.latency !== undefined) argv.push('--latency', String(o.latency));
  if (o.loss !== undefined && o.loss > 0) argv.push('--loss', String(o.loss));
  if (o.duplicate !== undefined && o.duplicate > 0) argv.push('--duplicate', String(o.duplicate));
  return argv;
}
