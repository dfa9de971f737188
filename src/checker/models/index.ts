// The built-in models, looked up by name (`--model NAME`, test.json's workload, worker threads).
import type { Model } from '../types.js';
import { kvModel, kvWholeModel } from './kv.js';
import { casRegisterModel, registerModel } from './register.js';

export { kvModel, kvWholeModel, type KvMapState, type KvValueState } from './kv.js';
export { casRegisterModel, registerModel } from './register.js';
export { partitionByKey } from './partition-by-key.js';
export { ModelInputError } from './model-error.js';

export const MODELS: Readonly<Record<string, Model<any>>> = {
  register: registerModel,
  'cas-register': casRegisterModel,
  kv: kvModel,
  'kv-whole': kvWholeModel,
};

export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);

/** The built-in model called `name`, or undefined. */
export function modelByName(name: string): Model<any> | undefined {
  return Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
}
