// The nemesis that never acts: a fault-free baseline run.
import type { Nemesis } from '../src/plugins.js';
import { done, healAll } from '../src/generators/index.js';

export const noneNemesis: Nemesis = {
  name: 'none',
  description: 'no faults',
  families: [],
  generator: () => done,
  final: healAll,
};
