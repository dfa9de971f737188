// A worker thread that checks some partitions of a history (see parallel.ts). It receives one
// request, answers with the outcomes, and is then terminated by the parent.
import { parentPort } from 'node:worker_threads';
import { checkPartitionsInThread } from './check.js';
import { modelByName } from '../models/index.js';
import type { WorkerRequest, WorkerResponse } from './parallel.js';

const port = parentPort;
if (port === null) throw new Error('src/checker/worker runs only as a worker thread');

port.once('message', (req: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const model = modelByName(req.model);
    if (model === undefined) throw new Error(`unknown model '${req.model}'`);
    const deadline = req.remainingMs === null ? Infinity : performance.now() + req.remainingMs;
    response = { kind: 'done', outcomes: checkPartitionsInThread(req.parts, model, req.options, deadline) };
  } catch (err) {
    response = { kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(response);
});
