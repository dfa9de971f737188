// The options of `raft-chaos run --subject maelstrom`: the binary and the host network's faults,
// turned into the subject's config. Bad values get one line naming the flag (UsageError -> 254).
import fs from 'node:fs';
import { UsageError } from '../../util/exit-codes.js';
import { absolutePaths, splitCommandLine } from './argv.js';
import { LATENCY_SYNTAX, NO_LATENCY, parseLatency, type LatencySpec } from './latency.js';
import type { NetworkFaults } from './network.js';

export interface MaelstromFlags {
  /** The node's command line, e.g. "python3 node.py --flag" (split like a shell, no expansion). */
  readonly bin?: string;
  /** Delay of every node-to-node message (latency.ts syntax); absent = none. */
  readonly latency?: string;
  /** Probability a node-to-node message is lost. */
  readonly loss?: number;
  /** Probability a node-to-node message is delivered twice. */
  readonly duplicate?: number;
}

/** Workloads the lin-kv client can drive: read, write and cas on keys, checked as cas-registers. */
export const MAELSTROM_WORKLOADS = ['lin-kv', 'register', 'multi-register'];

/** A probability flag (--loss, --duplicate): absent is 0; else from 0 to below 1, or one line naming it. */
export function probabilityFlag(flag: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) {
    throw new UsageError(`--${flag} must be a probability from 0 to below 1, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** The --latency flag of the host network (latency.ts syntax): absent is none, else one line naming it. */
export function latencyFlag(value: string | undefined): LatencySpec {
  if (value === undefined) return NO_LATENCY;
  try {
    return parseLatency(String(value));
  } catch {
    throw new UsageError(`--latency must be ${LATENCY_SYNTAX}, got ${JSON.stringify(value)}`);
  }
}

export function parseMaelstromFlags(flags: MaelstromFlags, workload: string): { argv: string[]; faults: NetworkFaults } {
  if (!MAELSTROM_WORKLOADS.includes(workload)) {
    throw new UsageError(`--workload ${workload} is not served by the maelstrom subject's client; use one of ${MAELSTROM_WORKLOADS.join(', ')}`);
  }
  let argv: string[];
  try {
    argv = splitCommandLine(flags.bin ?? '');
  } catch (err) {
    throw new UsageError(`--bin: ${(err as Error).message}`);
  }
  if (argv.length === 0) throw new UsageError('--subject maelstrom needs --bin "COMMAND ARGS..." (the Maelstrom node to run)');
  argv = absolutePaths(argv, process.cwd(), (p) => fs.existsSync(p));
  const latency = latencyFlag(flags.latency);
  return {
    argv,
    faults: { latency, linkLatency: new Map(), loss: probabilityFlag('loss', flags.loss), duplication: probabilityFlag('duplicate', flags.duplicate) },
  };
}

/** The words that replay these flags (appended to the run's argv). */
export function maelstromArgv(flags: MaelstromFlags): string[] {
  const argv = ['--bin', flags.bin ?? ''];
  if (flags.latency !== undefined) argv.push('--latency', String(flags.latency));
  if (flags.loss !== undefined && flags.loss > 0) argv.push('--loss', String(flags.loss));
  if (flags.duplicate !== undefined && flags.duplicate > 0) argv.push('--duplicate', String(flags.duplicate));
  return argv;
}
