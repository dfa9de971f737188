// The deterministic simulator (DESIGN.md §1): the real core, host and state machine on a simulated
// network in virtual time. One seed replays a run exactly.
export { SimCluster, SimBudgetError, clusterOptions, DEFAULT_RAFT, DEFAULT_TICK_US } from './cluster.js';
export type { SimClusterOptions, RaftOptions, SimNode, ClusterStats } from './cluster.js';
export { SimNetwork, RELIABLE_NETWORK, isRequest } from './network.js';
export type { NetworkOptions, NetworkStats } from './network.js';
export { SimClients, DEFAULT_CLIENTS } from './clients.js';
export type { ClientOptions, ClientStats, AckedWrite } from './clients.js';
export { HistoryRecorder } from './history-recorder.js';
export { EventQueue } from './event-queue.js';
export { deriveSeed } from '../util/rng.js';
export { badDayGenerator, drawBadDay, parseFamilies, FAULT_FAMILIES } from './bad-day.js';
export type { BadDay } from './bad-day.js';
export { runSeed, replayCommand, DEFAULT_RUN } from './run-seed.js';
export type { SimRunOptions, SimRunResult, SimRunStats } from './run-seed.js';
export { LabHarness, LabFailure, NOOP, RAFT_ELECTION_TIMEOUT_MS, SNAPSHOT_INTERVAL, MAX_LOG_SIZE_BYTES } from './lab-harness.js';
export type { LabOptions, LabCommand, Applied, Task } from './lab-harness.js';
export { parseDurationUs } from './parse-duration.js';
