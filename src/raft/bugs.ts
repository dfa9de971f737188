// The bug catalogue (DESIGN.md §4): deliberate Raft mistakes, each a one-line deviation guarded by
// config.bugs, so that the checkers can be shown to catch them. Most live in the core; two live in
// the host (src/host/host.ts), where what they break is: nothing-persisted (the storage writes) and
// apply-holding-lock (the host's lock).
import type { BugName } from './types.js';

export const BUGS: ReadonlyArray<{ readonly name: BugName; readonly description: string }> = [
  { name: 'vote-without-log-check', description: 'grants votes without the §5.4.1 up-to-date log check' },
  {
    name: 'up-to-date-index-before-term',
    description: 'up-to-date check compares log length before last term, so a longer stale log wins (§5.4.1)',
  },
  {
    name: 'commit-old-term-by-count',
    description: 'leader commits entries of earlier terms by counting replicas (paper Figure 8, §5.4.2)',
  },
  { name: 'vote-not-persisted', description: 'votedFor is not persisted, so a restarted node can vote twice in a term' },
  {
    name: 'no-truncate-on-conflict',
    description: 'follower overwrites conflicting entries but keeps the stale tail after them (§5.3 step 3)',
  },
  {
    name: 'stale-append-truncates',
    description: 'a delayed AppendEntries whose entries all match still truncates the log after them',
  },
  { name: 'no-step-down-on-reply', description: 'a leader ignores a higher term seen in a reply (§5.1)' },
  {
    name: 'local-reads',
    description: 'reads are answered at once from local state, even on a follower or a deposed leader',
  },
  {
    name: 'lease-without-margin',
    description: 'lease reads trust the lease for a full election timeout, with no margin for clock drift',
  },
  { name: 'apply-beyond-commit', description: 'followers apply log entries that are not yet committed' },
  {
    name: 'nothing-persisted',
    description: 'the node writes nothing to stable storage: term, vote and log are lost on a restart (Figure 2)',
  },
  {
    name: 'commit-by-ack-count',
    description: 'the leader commits once it counts a majority of successful replies, repeats included, not by matchIndex',
  },
  {
    name: 'commit-not-capped',
    description: 'a follower caps the leader\'s commit index at its own log end, not at the last entry the AppendEntries verified',
  },
  {
    name: 'timer-reset-by-any-message',
    description: 'the election timer is reset by every message received, a stale leader\'s refused heartbeat included (§5.2)',
  },
  {
    name: 'next-index-double-advance',
    description: 'on each success reply the leader advances matchIndex by the entries it sent, so a repeated reply counts twice',
  },
  {
    name: 'apply-holding-lock',
    description: 'the host applies entries holding its lock, and the snapshot call back into Raft waits on it: deadlock',
  },
];

export const BUG_NAMES: readonly BugName[] = BUGS.map((b) => b.name);

export function isBugName(name: string): name is BugName {
  return (BUG_NAMES as readonly string[]).includes(name);
}
