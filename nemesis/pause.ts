// Pauses: every --nemesis-interval seconds, alternately SIGSTOP a target set (one, minority,
// majority, all, the leader, the followers) and SIGCONT every paused node. A paused leader that
// wakes up has missed a whole term or more: it must step down on the first message of a higher
// term (Raft §5.1) and, with checkQuorum, on its own when it finds no quorum, and never serve
// stale data meanwhile (the linearizability checker judges that).
import type { Nemesis, TargetSpec } from '../src/plugins.js';
import { healAll } from '../src/generators/index.js';
import { alternate } from './alternate.js';

export const PAUSE_TARGETS: readonly TargetSpec[] = ['one', 'minority', 'majority', 'all', 'leader', 'followers'];

export interface PauseNemesisOptions {
  /** Target sets to draw from (one of them at each pause); a single entry fixes the target. */
  readonly targets?: readonly TargetSpec[];
}

export function pauseNemesis(options: PauseNemesisOptions = {}): Nemesis {
  const targets = options.targets ?? PAUSE_TARGETS;
  if (targets.length === 0) throw new RangeError('pause nemesis needs at least one target spec');
  return {
    name: 'pause',
    description: `alternately SIGSTOP nodes (${targets.join(', ')}) and SIGCONT every paused node, every --nemesis-interval seconds`,
    families: ['pause'],
    generator: (nemesisOptions) =>
      alternate(nemesisOptions.intervalS, ({ rng }) => ({ f: 'pause', value: targets[rng.int(targets.length)] as TargetSpec }), { f: 'resume', value: 'all-paused' }),
    final: healAll,
  };
}
