// Generators as values: the public surface (see types.ts for the model).
export type { ClusterView, Gen, GenContext, GenOp, NodeView, ProposeOp, Step } from './types.js';
export { defer, done, gen, healAll, once, sleep } from './basic.js';
export { any, delay, flipFlop, mix, phases, repeat, stagger, timeLimit } from './combinators.js';
export { DEFAULT_POLL_MS, lastIndexOf, leaderAmong, waitUntil } from './reactive.js';
export { script, type ScriptBody, type ScriptContext } from './script.js';
export { fixedView, interpret, trace, type InterpretResult, type TimedOp, type World } from './interpret.js';
