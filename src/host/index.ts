export { Host } from './host.js';
export type { HostDeadlock, HostOptions } from './host.js';
export { MemoryStorage, EMPTY_HARD_STATE } from './memory-storage.js';
export type { HostReply, Clock, EventSink, HostReadMode, MessageSink, ReplyCallback, SaveParts, Storage } from './types.js';
