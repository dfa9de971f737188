// --lab-snapshot-every N: the lab's 2D tester behaviour (config.go applierSnap, SnapShotInterval
// 10): the adapter's applyCh reader calls rf.Snapshot(index, state) after applying each command
// index i with (i + 1) % N == 0, installs the snapshots Raft sends on applyCh (through
// CondInstallSnapshot where the package has it) and restarts from the Persister's snapshot.
//
// Default: the tester's 10 when the package has Snapshot (every skeleton since 2021 has it, a
// 2A-2C solution as an empty stub, harmless to call), off for a package without it (2020's).
// 0 turns it off: the 2A-2C tester's applier, which never calls back into Raft.
import { UsageError } from '../../util/exit-codes.js';

/** The 2D tester's SnapShotInterval. */
export const LAB_SNAPSHOT_INTERVAL = 10;
const MAX_SNAPSHOT_EVERY = 1_000_000;

/** The flag's value: absent (the default applies), or an integer from 0 (off); else one line naming it. */
export function snapshotEveryFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SNAPSHOT_EVERY) {
    throw new UsageError(
      `--lab-snapshot-every must be a whole number of applied commands from 0 (no snapshots) to ${MAX_SNAPSHOT_EVERY}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)} (the lab's 2D tester snapshots every ${LAB_SNAPSHOT_INTERVAL})`,
    );
  }
  return value;
}

/** What a package declares of the 2D API, read from its source. */
export interface SnapshotApi {
  /** func (rf *Raft) Snapshot(index int, snapshot []byte) */
  readonly snapshot: boolean;
  /** func (rf *Raft) CondInstallSnapshot(...) bool (6.824 2021/2022; not in 6.5840) */
  readonly condInstallSnapshot: boolean;
}

const method = (name: string): RegExp => new RegExp(`^func\\s*\\(\\s*\\w+\\s+\\*Raft\\s*\\)\\s*${name}\\s*\\(`, 'm');

export function snapshotApi(sources: readonly string[]): SnapshotApi {
  return {
    snapshot: sources.some((s) => method('Snapshot').test(s)),
    condInstallSnapshot: sources.some((s) => method('CondInstallSnapshot').test(s)),
  };
}

/** The count the adapter uses (0: none); an explicit N > 0 for a package without Snapshot is refused. */
export function resolveSnapshotEvery(flag: number | undefined, api: SnapshotApi, labDir: string): number {
  if (flag === undefined) return api.snapshot ? LAB_SNAPSHOT_INTERVAL : 0;
  if (flag > 0 && !api.snapshot) {
    throw new UsageError(
      `--lab-snapshot-every ${flag}: ${labDir} has no func (rf *Raft) Snapshot(index int, snapshot []byte) (the 2D API); leave the flag out or give 0`,
    );
  }
  return flag;
}
