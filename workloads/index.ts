// The workload registry: `--workload NAME` looks a workload up here.
import type { Workload } from '../src/plugins.js';
import { registerWorkload } from './register.js';
import { multiRegisterWorkload } from './multi-register.js';
import { linKvWorkload } from './lin-kv.js';

export const WORKLOADS: ReadonlyMap<string, Workload> = new Map(
  [registerWorkload, multiRegisterWorkload, linKvWorkload].map((w) => [w.name, w]),
);

export const WORKLOAD_NAMES: readonly string[] = [...WORKLOADS.keys()];

/** The workload called `name`, or a RangeError naming the accepted names. */
export function lookupWorkload(name: string): Workload {
  const workload = WORKLOADS.get(name);
  if (workload === undefined) {
    throw new RangeError(`unknown workload ${JSON.stringify(name)}; accepted: ${WORKLOAD_NAMES.join(', ')}`);
  }
  return workload;
}
