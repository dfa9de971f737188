// Knossos's mutex (knossos.model/mutex): one lock, free at first. :acquire needs it free and takes
// it; :release needs it held and frees it; anything else is inconsistent.
import { mix32 } from '../hash.js';
import type { Model } from '../types.js';
import { ModelInputError } from './model-error.js';
import { partitionByKey } from './partition-by-key.js';

export const mutexModel: Model<boolean> = {
  name: 'mutex',
  description: 'one lock (Knossos mutex): acquire needs it free, release needs it held; starts free',
  init: () => false,
  step(locked, op) {
    switch (op.f) {
      case 'acquire':
        return locked ? undefined : true;
      case 'release':
        return locked ? false : undefined;
      default:
        throw new ModelInputError('mutex', op, 'unknown operation; expected acquire or release');
    }
  },
  equal: (a, b) => a === b,
  hash: (s) => mix32(s ? 1 : 0),
  id: (s) => (s ? 1 : 0),
  partition: partitionByKey,
  describeOperation: (op) => `${op.f}()${op.outcome === 'unknown' ? ' -> ?' : ''}`,
  describeState: (locked) => (locked ? 'locked' : 'free'),
};
