// The Raft lab's 2D tests (snapshots), in virtual time. See /work/shared/LAB.md. The service
// snapshots every SNAPSHOT_INTERVAL applied entries; lagging or restarted followers catch up
// through InstallSnapshot (§7); a restart loads the snapshot before the remaining log.
import { describe, expect } from 'vitest';
import { MAX_LOG_SIZE_BYTES, SNAPSHOT_INTERVAL } from '../../src/sim/lab-harness.js';
import type { LabHarness } from '../../src/sim/lab-harness.js';
import { labTest } from './lab-helpers.js';

function snapcommon(cfg: LabHarness, disconnect: boolean, crash: boolean): void {
  const rand = (): number => cfg.randInt(1_000_000);
  const iters = 30;
  const servers = cfg.n;
  cfg.one(rand(), servers, true);
  let leader1 = cfg.checkOneLeader();
  for (let i = 0; i < iters; i++) {
    let victim = cfg.peer(leader1, 1);
    let sender = leader1;
    if (i % 3 === 1) {
      sender = cfg.peer(leader1, 1);
      victim = leader1;
    }
    if (disconnect) {
      cfg.disconnect(victim);
      cfg.one(rand(), servers - 1, true);
    }
    if (crash) {
      cfg.crash1(victim);
      cfg.one(rand(), servers - 1, true);
    }
    // Perhaps send enough to get a snapshot.
    const nn = SNAPSHOT_INTERVAL / 2 + cfg.randInt(SNAPSHOT_INTERVAL);
    for (let k = 0; k < nn; k++) cfg.start(sender, rand());
    // Let the appliers catch up with the Start()s.
    if (!disconnect && !crash) {
      // Make sure all followers have caught up, so that no InstallSnapshot is needed (Basic).
      cfg.one(rand(), servers, true);
    } else {
      cfg.one(rand(), servers - 1, true);
    }
    const size = cfg.logSize();
    expect(size, `log size too large: ${size} bytes`).toBeLessThan(MAX_LOG_SIZE_BYTES);
    if (disconnect) {
      // Reconnect a follower, who may be behind and need a snapshot to catch up.
      cfg.connect(victim);
      cfg.one(rand(), servers, true);
      leader1 = cfg.checkOneLeader();
    }
    if (crash) {
      cfg.start1(victim);
      cfg.connect(victim);
      cfg.one(rand(), servers, true);
      leader1 = cfg.checkOneLeader();
    }
  }
  // Snapshots were taken everywhere (the log was trimmed), and a lagging or restarted follower
  // was brought up to date by InstallSnapshot at least once when one was left behind.
  for (const node of cfg.cluster.nodes) expect(node.storage.snapshotIndex()).toBeGreaterThan(0);
  const installs = cfg.cluster.network.stats.byType.InstallSnapshot;
  if (disconnect || crash) expect(installs, 'no InstallSnapshot was ever sent').toBeGreaterThan(0);
}

describe('lab 2D: snapshots', () => {
  labTest('SnapshotBasic2D', { servers: 3, snapshot: true }, (cfg) => snapcommon(cfg, false, false));

  labTest('SnapshotInstall2D', { servers: 3, snapshot: true }, (cfg) => snapcommon(cfg, true, false));

  labTest('SnapshotInstallUnreliable2D', { servers: 3, snapshot: true, unreliable: true }, (cfg) =>
    snapcommon(cfg, true, false),
  );

  labTest('SnapshotInstallCrash2D', { servers: 3, snapshot: true }, (cfg) => snapcommon(cfg, false, true));

  labTest('SnapshotInstallUnCrash2D', { servers: 3, snapshot: true, unreliable: true }, (cfg) =>
    snapcommon(cfg, false, true),
  );

  labTest('SnapshotAllCrash2D', { servers: 3, snapshot: true }, (cfg) => {
    const rand = (): number => cfg.randInt(1_000_000);
    const iters = 5;
    cfg.one(rand(), cfg.n, true);
    for (let i = 0; i < iters; i++) {
      // Perhaps enough to get a snapshot.
      const nn = SNAPSHOT_INTERVAL / 2 + cfg.randInt(SNAPSHOT_INTERVAL);
      for (let k = 0; k < nn; k++) cfg.one(rand(), cfg.n, true);
      const index1 = cfg.one(rand(), cfg.n, true);
      // Crash all, revive all.
      for (let s = 1; s <= cfg.n; s++) cfg.crash1(s);
      for (let s = 1; s <= cfg.n; s++) {
        cfg.start1(s);
        cfg.connect(s);
      }
      const index2 = cfg.one(rand(), cfg.n, true);
      expect(index2, `index decreased from ${index1} to ${index2}`).toBeGreaterThanOrEqual(index1 + 1);
    }
  });

  labTest('SnapshotInit2D', { servers: 3, snapshot: true }, (cfg) => {
    const rand = (): number => cfg.randInt(1_000_000);
    cfg.one(rand(), cfg.n, true);
    // Enough ops to make a snapshot.
    for (let k = 0; k < SNAPSHOT_INTERVAL + 1; k++) cfg.one(rand(), cfg.n, true);
    for (const node of cfg.cluster.nodes) expect(node.storage.snapshotIndex()).toBeGreaterThan(0);
    // Crash all, revive all.
    for (let s = 1; s <= cfg.n; s++) cfg.crash1(s);
    for (let s = 1; s <= cfg.n; s++) {
      cfg.start1(s);
      cfg.connect(s);
    }
    // A single op, to get something written back to persistent storage.
    cfg.one(rand(), cfg.n, true);
    // Crash all, revive all.
    for (let s = 1; s <= cfg.n; s++) cfg.crash1(s);
    for (let s = 1; s <= cfg.n; s++) {
      cfg.start1(s);
      cfg.connect(s);
    }
    // Another op, to trigger a potential bug (the snapshot must be loaded before the log).
    cfg.one(rand(), cfg.n, true);
  });
});
