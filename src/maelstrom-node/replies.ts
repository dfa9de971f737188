// Our host's answers to a client, as Maelstrom lin-kv reply bodies (doc/workloads.md,
// resources/errors.edn). A redirect is handled by the node (it proxies to the leader).
import type { HostReply as ClientReply } from '../host/index.js';
import { ERROR, type Body } from '../subjects/maelstrom/protocol.js';

export type KvRequestType = 'read' | 'write' | 'cas';

export function errorBody(code: number, text: string): Body {
  return { type: 'error', code, text };
}

/**
 * ok -> read_ok {value} / write_ok / cas_ok. A definite failure: cas-mismatch -> 22
 * (precondition-failed), or 20 (key-does-not-exist) when the key holds nothing; anything else
 * definite -> 11 (temporarily-unavailable). An indefinite failure -> 13 (crash: may have happened).
 */
export function replyBody(type: KvRequestType, reply: Exclude<ClientReply, { kind: 'redirect' }>, currentValue: () => unknown): Body {
  if (reply.kind === 'ok') return type === 'read' ? { type: 'read_ok', value: reply.value } : { type: `${type}_ok` };
  if (!reply.definite) return errorBody(ERROR.crash, `outcome unknown: ${reply.reason}`);
  if (reply.reason === 'cas-mismatch') {
    return currentValue() === null
      ? errorBody(ERROR.keyDoesNotExist, 'cas on a key that holds no value')
      : errorBody(ERROR.preconditionFailed, 'cas: the current value is not "from"');
  }
  return errorBody(ERROR.temporarilyUnavailable, reply.reason);
}
