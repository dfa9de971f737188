// Which of the invariant checker's properties a lab Raft's event log can show. The adapter sees
// only what the lab API exposes: GetState() (term, leader) and applyCh (index, command). So the
// checks that need the node's own log (appends, truncations), its votes or its commit index are
// not applicable: they are reported as such, never as held.
import type { Valid } from '../../checker/types.js';
import type { InvariantName, InvariantResult } from '../../checker/invariants/index.js';

export const LAB_CHECKED: readonly InvariantName[] = [
  'election-safety',
  'term-monotonic',
  'state-machine-safety',
  'apply-order',
  'liveness',
];

export const LAB_NOT_APPLICABLE: Readonly<Partial<Record<InvariantName, string>>> = {
  'vote-once': 'votes are not visible through the lab API',
  'log-matching': "the Raft's log is not visible through the lab API",
  'conflict-truncation': "the Raft's log is not visible through the lab API",
  'apply-committed': 'the commit index is not visible through the lab API (applyCh is the only sign of a commit)',
  'leader-completeness': "a leader's log is not visible through the lab API",
};

export type LabInvariantResult = InvariantResult & { readonly valid: Valid; readonly notApplicable: typeof LAB_NOT_APPLICABLE };

/** The checker's result restricted to what a lab Raft's event log can show. */
export function restrictToLab(result: InvariantResult): LabInvariantResult {
  const keep = new Set<InvariantName>(LAB_CHECKED);
  const violations = result.violations.filter((v) => keep.has(v.invariant));
  let valid: Valid = true;
  if (violations.some((v) => v.certain)) valid = false;
  else if (violations.length > 0 || result.stats.records === 0) valid = 'unknown';
  return {
    ...result,
    valid,
    violations,
    checked: result.checked.filter((n) => keep.has(n)),
    notApplicable: LAB_NOT_APPLICABLE,
  };
}
