// The nemesis that never acts: a fault-free baseline run.
import type { Nemesis } from '../src/plugins.js';

export const noneNemesis: Nemesis = {
  name: 'none',
  description: 'no faults',
  families: [],
  next: () => null,
};
