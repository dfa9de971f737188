// Abilities every process-based subject gets from its NodeProcesses: pause and resume by
// SIGSTOP / SIGCONT. A subject hands in how to find a node's process.
import type { PauseAbility } from '../types.js';
import type { NodeProcess } from './node-process.js';

/** A node process that can be stopped and continued by signal (NodeProcess, an etcd member, ...). */
export type SignalledProcess = Pick<NodeProcess, 'pause' | 'resume'>;

export function pauseBySignal(processOf: (node: number) => SignalledProcess): PauseAbility {
  return {
    pause: async (nodes) => {
      await Promise.all(nodes.map((id) => processOf(id).pause()));
    },
    resume: async (nodes) => {
      await Promise.all(nodes.map((id) => processOf(id).resume()));
    },
  };
}
