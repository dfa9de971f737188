// Checking partitions on worker threads. Partitions are independent (P-compositionality), so they
// are dealt to a few workers, largest first to the least loaded; the first failure found stops the
// others (unless every partition is wanted). Only built-in models can cross to a worker (a model is
// a record of functions, so a worker looks it up by name).
//
// Where the worker code lives: next to this module. From compiled dist/ that is worker.js; when
// this module runs from TypeScript source (vitest, tsx) it is worker.ts, started through tsx's
// loader if tsx can be found. When neither is runnable, `startWorker` returns null and the caller
// checks in-process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PartitionOutcome } from './check.js';
import type { CheckOptions, Operation } from '../types.js';

export interface WorkerRequest {
  readonly model: string;
  readonly parts: readonly (readonly Operation[])[];
  readonly options: CheckOptions;
  /** Time left in the budget (ms), or null for none. */
  readonly remainingMs: number | null;
}

export type WorkerResponse =
  | { readonly kind: 'done'; readonly outcomes: PartitionOutcome[] }
  | { readonly kind: 'error'; readonly message: string };

/** How many workers to use for `open` unfinished partitions: 0 or 1 means stay in-process. */
export function autoWorkerCount(open: number): number {
  return Math.min(open, availableParallelism(), 8);
}

/** Start one checker worker, or return null when no runnable worker file is found. */
export function startWorker(): Worker | null {
  const here = import.meta.url;
  const js = new URL('./worker.js', here);
  if (here.endsWith('.js') && existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./worker.ts', here);
  if (!existsSync(fileURLToPath(ts))) return null;
  // tsx's ESM register() API (its "import" export); found through the CommonJS resolver, which
  // names the sibling .cjs file.
  let tsxApi: string;
  try {
    const cjs = createRequire(fileURLToPath(here)).resolve('tsx/esm/api');
    const mjs = cjs.replace(/\.cjs$/, '.mjs');
    if (!existsSync(mjs)) return null;
    tsxApi = pathToFileURL(mjs).href;
  } catch {
    return null;
  }
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`;
  return new Worker(boot, { eval: true });
}

interface Job {
  readonly indices: number[];
  load: number;
}

/**
 * Check `parts` on up to `count` workers. Resolves to one outcome per part (in order), or null
 * when no worker could be started (the caller then checks in-process).
 */
export async function checkPartitionsOnWorkers(
  parts: readonly (readonly Operation[])[],
  model: string,
  options: CheckOptions,
  deadline: number,
  count: number,
): Promise<PartitionOutcome[] | null> {
  const jobs: Job[] = Array.from({ length: Math.min(count, parts.length) }, () => ({ indices: [], load: 0 }));
  const order = parts.map((_, i) => i).sort((a, b) => parts[b]!.length - parts[a]!.length);
  for (const i of order) {
    const job = jobs.reduce((least, j) => (j.load < least.load ? j : least));
    job.indices.push(i);
    job.load += parts[i]!.length;
  }
  const workers: Worker[] = [];
  for (let k = 0; k < jobs.length; k++) {
    const w = startWorker();
    if (w === null) {
      await Promise.all(workers.map((x) => x.terminate()));
      return null;
    }
    workers.push(w);
  }
  const outcomes: (PartitionOutcome | undefined)[] = new Array(parts.length);
  let stopped = false;
  const stopOthers = (): void => {
    stopped = true;
    for (const w of workers) void w.terminate();
  };
  const runs = jobs.map(
    (job, k) =>
      new Promise<void>((resolve, reject) => {
        const w = workers[k]!;
        const request: WorkerRequest = {
          model,
          parts: job.indices.map((i) => parts[i]!),
          options,
          remainingMs: Number.isFinite(deadline) ? Math.max(0, deadline - performance.now()) : null,
        };
        w.once('message', (res: WorkerResponse) => {
          if (res.kind === 'error') {
            reject(new Error(`checker worker failed: ${res.message}`));
            return;
          }
          res.outcomes.forEach((o, j) => (outcomes[job.indices[j]!] = o));
          if (options.allPartitions !== true && res.outcomes.some((o) => o.valid === false)) stopOthers();
          void w.terminate();
          resolve();
        });
        w.once('error', reject);
        w.once('exit', () => resolve());
        w.postMessage(request);
      }),
  );
  await Promise.all(runs);
  return parts.map(
    (p, i) =>
      outcomes[i] ?? {
        key: p[0]?.key ?? null,
        valid: 'unknown',
        operations: p.length,
        ms: 0,
        ...(stopped ? { skipped: true } : {}),
      },
  );
}
