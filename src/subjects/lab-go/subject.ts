// --subject lab-go --lab-raft DIR: a 6.824 / 6.5840 lab Raft package, built with the Go adapter
// (build.ts) before the run exists, then run by the Maelstrom host as one process per server
// (lab-cluster.ts). Abilities: kill, pause, status and event-log; no clock (a lab Raft reads the
// real clock). The invariants a lab's event log cannot show are not applicable (invariants.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SubjectError, type Subject } from '../types.js';
import { describeLatency } from '../maelstrom/latency.js';
import { NO_FAULTS, type NetworkFaults } from '../maelstrom/network.js';
import { buildLabRaft, type LabBuild } from './build.js';
import { LabGoCluster, LEADERLESS_BOUND_LONG_REORDERING_S } from './lab-cluster.js';
import { LAB_UNOBSERVABLE } from './invariants.js';
import { labNemesis } from './nemesis.js';
import { LAB_SCENARIOS, labScenarioNemesis } from './scenarios.js';
import { resolveSnapshotEvery } from './snapshots.js';

export const LAB_GO_DESCRIPTION =
  'a 6.824 / 6.5840 lab Raft package (--lab-raft DIR), built with Go, one process per server behind a Maelstrom-protocol adapter, routed by the host (partitions, --latency, --loss)';

export interface LabGoConfig {
  /** The student's package folder. */
  readonly labDir: string;
  readonly faults?: NetworkFaults;
  /** Each client operation's timeout (the adapter answers "not applied" a little before). */
  readonly opTimeoutMs: number;
  /** --lab-snapshot-every: rf.Snapshot every N applied commands (0: none; absent: the default, snapshots.ts). */
  readonly snapshotEvery?: number;
  /** --lab-long-reordering: replies held back as labrpc's long reordering does. */
  readonly longReordering?: boolean;
  /** More LAB_* settings of the adapter (tests). */
  readonly nodeEnv?: Readonly<Record<string, string>>;
}

/** Move a finished build folder into the run (a rename, or a copy across file systems). */
function moveBuild(build: LabBuild, from: string, to: string): LabBuild {
  try {
    fs.renameSync(from, to);
  } catch {
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
  return { ...build, binary: path.join(to, path.relative(from, build.binary)) };
}

/** The subject for a run; without a config (the registry's entry) it can be listed but not run. */
export function labGoSubject(config?: LabGoConfig): Subject {
  let built: { build: LabBuild; dir: string; snapshotEvery: number } | null = null;
  return {
    name: 'lab-go',
    description: LAB_GO_DESCRIPTION,
    abilities: ['kill', 'pause', 'status', 'event-log'],
    honours: [],
    ownNetwork: true,
    unobservable: LAB_UNOBSERVABLE,
    schedules: { scenarios: LAB_SCENARIOS, scenario: labScenarioNemesis, nemesis: labNemesis },
    prepare: async () => {
      if (config === undefined) throw new SubjectError('--subject lab-go needs --lab-raft DIR (the folder of your lab Raft package)');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-lab-go-'));
      try {
        const build = await buildLabRaft({ labDir: config.labDir, buildDir: dir });
        built = { build, dir, snapshotEvery: resolveSnapshotEvery(config.snapshotEvery, build.snapshotApi, build.labDir) };
      } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    },
    settings: () =>
      config === undefined
        ? {}
        : {
            labDir: path.resolve(config.labDir),
            files: built?.build.files ?? [],
            packageName: built?.build.packageName ?? null,
            snapshotEvery: built?.snapshotEvery ?? config.snapshotEvery ?? null,
            condInstallSnapshot: built?.build.snapshotApi.condInstallSnapshot ?? null,
            longReordering: config.longReordering === true,
            latency: describeLatency((config.faults ?? NO_FAULTS).latency),
            loss: (config.faults ?? NO_FAULTS).loss,
          },
    create: async (plan) => {
      if (config === undefined || built === null) throw new SubjectError('--subject lab-go: the lab Raft was not built (prepare() did not run)');
      const build = moveBuild(built.build, built.dir, path.join(plan.runDir, 'build'));
      return new LabGoCluster(plan, {
        build,
        compiledIn: built.dir,
        faults: config.faults ?? NO_FAULTS,
        ...(config.longReordering === true ? { leaderlessBoundS: LEADERLESS_BOUND_LONG_REORDERING_S } : {}),
        nodeEnv: { LAB_OP_TIMEOUT_MS: String(Math.max(100, config.opTimeoutMs - 100)), LAB_SNAPSHOT_EVERY: String(built.snapshotEvery), ...(config.longReordering === true ? { LAB_LONG_REORDERING: '1' } : {}), ...config.nodeEnv },
      });
    },
  };
}
