import type { Operation } from '../types.js';

/** An operation the model cannot interpret (unknown f, malformed value): names the op and the model. */
export class ModelInputError extends Error {
  override name = 'ModelInputError';
  constructor(model: string, op: Operation, why: string) {
    super(`model ${model}: operation ${op.id} (process ${String(op.process)}, f=${op.f}): ${why}`);
  }
}
