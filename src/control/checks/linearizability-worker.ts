// Worker thread body: check one run's history (see linearizability.ts) and post the result back.
// Running the search off the main thread keeps the controller responsive (signals, progress) and
// lets it be cut off if it ever overruns its time budget.
import { parentPort, workerData } from 'node:worker_threads';
import { checkHistory } from '../../checker/index.js';
import type { OpRecord } from '../../history/types.js';

interface Job {
  readonly history: readonly OpRecord[];
  readonly model: string;
  readonly timeoutMs: number;
}

const job = workerData as Job;
try {
  const result = await checkHistory(job.history, { model: job.model, timeoutMs: job.timeoutMs });
  parentPort?.postMessage({ ok: true, result });
} catch (err) {
  parentPort?.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
