// --subject maelstrom: any node that speaks Maelstrom's protocol on stdin / stdout, run by the
// Maelstrom host. Abilities: kill (SIGKILL, restart = a fresh process sent init again) and pause
// (SIGSTOP / SIGCONT); no clock, no status, no event log. It honours none of our Raft's options.
import { SubjectError, type Subject } from '../types.js';
import { describeLatency } from './latency.js';
import { MaelstromCluster, type MaelstromConfig } from './cluster.js';

export const MAELSTROM_DESCRIPTION =
  "any Maelstrom node (--bin \"CMD ARGS...\"): stdin/stdout JSON messages, the host's own network (partitions, --latency, --loss, --duplicate), lin-kv client";

/** The subject for a run; without a config (the registry's entry) it can be listed but not run. */
export function maelstromSubject(config?: MaelstromConfig): Subject {
  return {
    name: 'maelstrom',
    description: MAELSTROM_DESCRIPTION,
    abilities: ['kill', 'pause'],
    honours: [],
    ownNetwork: true,
    settings: () =>
      config === undefined
        ? {}
        : {
            bin: config.bin,
            argv: config.argv,
            latency: describeLatency(config.faults.latency),
            loss: config.faults.loss,
            duplication: config.faults.duplication,
          },
    create: async (plan) => {
      if (config === undefined) throw new SubjectError('--subject maelstrom needs --bin "COMMAND ARGS..." (the Maelstrom node to run)');
      return new MaelstromCluster(plan, config);
    },
  };
}
