export type { ApplyResult, KvCommand, KvOp, RequestId, StateMachine, Value } from './types.js';
export { encodeCommand, parseCommand } from './command.js';
export { KvStateMachine } from './kv.js';
