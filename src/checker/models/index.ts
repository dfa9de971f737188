// The built-in models, looked up by name (`--model NAME`, test.json's workload, worker threads).
import type { Model } from '../types.js';
import { kvModel, kvWholeModel } from './kv.js';
import { multiRegisterModel } from './multi-register.js';
import { mutexModel } from './mutex.js';
import { fifoQueueModel, unorderedQueueModel } from './queue.js';
import { casRegisterModel, registerModel } from './register.js';
import { setModel } from './set.js';

export { multiRegisterModel, ednToPlainMap, type MultiRegisterState } from './multi-register.js';
export { mutexModel } from './mutex.js';
export { fifoQueueModel, unorderedQueueModel, type QueueState } from './queue.js';
export { setModel, type SetState } from './set.js';
export { kvModel, kvWholeModel, type KvMapState, type KvValueState } from './kv.js';
export { casRegisterModel, registerModel } from './register.js';
export { partitionByKey } from './partition-by-key.js';
export { ModelInputError } from './model-error.js';

export const MODELS: Readonly<Record<string, Model<any>>> = {
  register: registerModel,
  'cas-register': casRegisterModel,
  kv: kvModel,
  'kv-whole': kvWholeModel,
  mutex: mutexModel,
  'multi-register': multiRegisterModel,
  set: setModel,
  'unordered-queue': unorderedQueueModel,
  'fifo-queue': fifoQueueModel,
};

export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);

/** The built-in model called `name`, or undefined. */
export function modelByName(name: string): Model<any> | undefined {
  return Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
}
