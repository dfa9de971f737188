// The flags of `raft-chaos run --subject etcd`: --etcd-bin PATH and --etcd-serializable. A missing
// binary is a usage error (exit 254) with the install line, before anything of the run exists.
import { UsageError } from '../../util/exit-codes.js';
import { findEtcdBinary, missingEtcdMessage } from './binary.js';
import type { EtcdConfig } from './cluster.js';

export interface EtcdFlags {
  readonly 'etcd-bin'?: string;
  readonly 'etcd-serializable'?: boolean;
}

/** Workloads the etcd client serves: read, write and cas on keys, checked as cas-registers. */
export const ETCD_WORKLOADS = ['register', 'multi-register', 'lin-kv'];

export function parseEtcdFlags(flags: EtcdFlags, workload: string): EtcdConfig {
  if (!ETCD_WORKLOADS.includes(workload)) {
    throw new UsageError(`--workload ${workload} is not served by the etcd subject's client; use one of ${ETCD_WORKLOADS.join(', ')}`);
  }
  const given = flags['etcd-bin'];
  if (given !== undefined && given.trim() === '') throw new UsageError('--etcd-bin must be a path to the etcd binary, got ""');
  const bin = findEtcdBinary(given);
  if (bin === null) throw new UsageError(missingEtcdMessage(given));
  return { bin, serializable: flags['etcd-serializable'] === true };
}

/** The words that replay these flags (appended to the run's argv). */
export function etcdArgv(flags: EtcdFlags): string[] {
  const argv: string[] = [];
  if (flags['etcd-bin'] !== undefined) argv.push('--etcd-bin', flags['etcd-bin']);
  if (flags['etcd-serializable'] === true) argv.push('--etcd-serializable');
  return argv;
}
