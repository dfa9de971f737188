// Which of the invariant checker's properties a lab Raft's event log cannot show. The adapter sees
// only what the lab API exposes: GetState() (term, leader) and applyCh (index, command). So the
// checks that need the node's own log (appends, truncations), its votes or its commit index are
// not applicable (Subject.unobservable): they are reported as such, never as held. Checked:
// election safety, term monotonic, state machine safety, apply order, liveness.
import type { InvariantName } from '../../checker/invariants/index.js';

export const LAB_UNOBSERVABLE: Readonly<Partial<Record<InvariantName, string>>> = {
  'vote-once': 'votes are not visible through the lab API',
  'log-matching': "the Raft's log is not visible through the lab API",
  'conflict-truncation': "the Raft's log is not visible through the lab API",
  'apply-committed': 'the commit index is not visible through the lab API (applyCh is the only sign of a commit)',
  'leader-completeness': "a leader's log is not visible through the lab API",
};
