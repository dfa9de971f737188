// Linearizability of a run's client history, per key (src/checker: P-compositionality by key).
// Nemesis records are not part of the model and are left out by checkHistory.
//
// The check runs on a worker thread with a watchdog: the checker has its own time budget, and if it
// ever overruns it by more than WATCHDOG_GRACE_MS the worker is terminated and the verdict is
// 'unknown' -- a run never hangs in its check phase, and Ctrl-C stays responsive meanwhile.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LinearizabilityReport } from '../../checker/compose.js';
import type { OpRecord } from '../../history/types.js';
import { checkHistory, type CheckResult } from '../../checker/index.js';

export type { LinearizabilityReport } from '../../checker/compose.js';

const WATCHDOG_GRACE_MS = 10_000;

/** The worker, from compiled JS, or from TypeScript through tsx's register API; null if neither runs. */
function startWorker(job: unknown): Worker | null {
  const here = import.meta.url;
  const js = new URL('./linearizability-worker.js', here);
  if (here.endsWith('.js') && existsSync(fileURLToPath(js))) return new Worker(js, { workerData: job });
  const ts = new URL('./linearizability-worker.ts', here);
  if (!existsSync(fileURLToPath(ts))) return null;
  try {
    const cjs = createRequire(fileURLToPath(here)).resolve('tsx/esm/api');
    const mjs = cjs.replace(/\.cjs$/, '.mjs');
    if (!existsSync(mjs)) return null;
    const boot = `import(${JSON.stringify(pathToFileURL(mjs).href)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`;
    return new Worker(boot, { eval: true, workerData: job });
  } catch {
    return null;
  }
}

export async function checkLinearizability(
  history: readonly OpRecord[],
  model: string,
  options: { readonly timeoutMs: number },
): Promise<LinearizabilityReport> {
  const job = { history, model, timeoutMs: options.timeoutMs };
  const worker = startWorker(job);
  if (worker === null) {
    const result = await checkHistory(history, { model, timeoutMs: options.timeoutMs });
    return { ...result, valid: result.valid };
  }
  const limitMs = options.timeoutMs + WATCHDOG_GRACE_MS;
  return new Promise<LinearizabilityReport>((resolve) => {
    let settled = false;
    const settle = (report: LinearizabilityReport): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(report);
    };
    const timer = setTimeout(
      () => settle({ valid: 'unknown', model, error: `the linearizability check overran its ${options.timeoutMs} ms budget by ${WATCHDOG_GRACE_MS} ms and was stopped` }),
      limitMs,
    );
    worker.once('message', (msg: { ok: true; result: CheckResult } | { ok: false; error: string }) => {
      if (msg.ok) settle({ ...msg.result, valid: msg.result.valid });
      else settle({ valid: 'unknown', model, error: msg.error });
    });
    worker.once('error', (err) => settle({ valid: 'unknown', model, error: `linearizability worker failed: ${err.message}` }));
    worker.once('exit', (code) => settle({ valid: 'unknown', model, error: `linearizability worker exited (code ${code}) without a result` }));
  });
}
