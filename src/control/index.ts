// The controller's public surface: build a test record and run it in wall time, re-check a stored
// run, and the parts the runner is made of (network, client pool).
//   runner/  -- the test record, the wall-time interpreter, options, progress, summary, signals
//   checks/  -- the one checker composition (linearizability, invariants, perf) and the re-check
//   clients/ -- the client-process state machine over a subject's client
//   network/ -- what carries node-to-node messages (the proxy network)
export { runTest, runRecord, resolveSubject, RunToolError, type RunIO, type RunOutcome } from './runner/run.js';
export { realRunRecord, RECORD_DEFAULTS, type RealRecord, type WallParts } from './runner/test-record.js';
export { RUN_DEFAULTS, validateRunOptions, reproduceArgv, type RunOptions } from './runner/run-options.js';
export { checkRun, checkInvariantsAndPerf, mergeVerdicts, type RunResults, type CheckerVerdict } from './checks/check-run.js';
export { recheckStoredRun, type StoredChecks } from './checks/recheck-run.js';
export { ClientPool, type ClientPoolOptions } from './clients/client-pool.js';
export { openNetwork, NETWORK_NAMES, DEFAULT_NETWORK, ProxyNetwork } from './network/index.js';
