// Crashes: every --nemesis-interval seconds, alternately SIGKILL a target set (one, minority,
// majority, all, the leader, the followers) and restart every dead node from its data directory.
// A restart keeps exactly what the node had made durable (Raft §5.1 / Figure 2: currentTerm,
// votedFor and the log are persistent state), so the checker's final reads prove no acknowledged
// write was lost.
import type { Nemesis, TargetSpec } from '../src/plugins.js';
import { healAll } from '../src/generators/index.js';
import { alternate } from './alternate.js';

export const CRASH_TARGETS: readonly TargetSpec[] = ['one', 'minority', 'majority', 'all', 'leader', 'followers'];

export interface CrashNemesisOptions {
  /** Target sets to draw from (one of them at each kill); a single entry fixes the target. */
  readonly targets?: readonly TargetSpec[];
}

export function crashNemesis(options: CrashNemesisOptions = {}): Nemesis {
  const targets = options.targets ?? CRASH_TARGETS;
  if (targets.length === 0) throw new RangeError('crash nemesis needs at least one target spec');
  return {
    name: 'crash',
    description: `alternately SIGKILL nodes (${targets.join(', ')}) and restart every dead node from its data directory, every --nemesis-interval seconds`,
    families: ['crash'],
    generator: (nemesisOptions) =>
      alternate(nemesisOptions.intervalS, ({ rng }) => ({ f: 'kill', value: targets[rng.int(targets.length)] as TargetSpec }), { f: 'restart', value: 'all-dead' }),
    final: healAll,
  };
}
