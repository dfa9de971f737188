// The etcd client of a run: register operations over the v3 JSON gateway (gateway.ts).
//   read  -- POST /v3/kv/range (linearizable, or serializable: the member's own state, may be stale)
//   write -- POST /v3/kv/put
//   cas   -- POST /v3/kv/txn: if the value equals the old one, put the new one
// Errors are sorted as Jepsen's etcd client sorts them: no connection made is not-sent (the pool
// tries another member, and records fail if none took it); a timeout, a reset, "leader changed" or
// "etcdserver: request timed out" may have taken effect: unknown. A read changes nothing, so any
// error of a read is a fail. An invalid request (gRPC InvalidArgument) was never proposed: fail.
import type http from 'node:http';
import type { ClientOpSpec } from '../../plugins.js';
import type { Address, ClientAnswer, ClientRequestSpec, SubjectClient } from '../types.js';
import { callGateway, fromBase64, newGatewayAgent, toBase64, type GatewayResult } from './gateway.js';

/** Workload keys live under this prefix in etcd. */
export const KEY_PREFIX = '/raft-chaos/';

const GRPC_INVALID_ARGUMENT = 3;

export interface EtcdClientOptions {
  /** Where the client dials member `node`. */
  readonly addressOf: (node: number) => Address;
  /** Serializable reads (any member's own state, no quorum): the negative control. */
  readonly serializable: boolean;
}

/** The gateway call for one operation. */
export function requestFor(op: ClientOpSpec, serializable: boolean): { readonly path: string; readonly body: Record<string, unknown> } {
  const key = toBase64(`${KEY_PREFIX}${op.key}`);
  switch (op.f) {
    case 'read':
      return { path: '/v3/kv/range', body: serializable ? { key, serializable: true } : { key } };
    case 'write':
      return { path: '/v3/kv/put', body: { key, value: toBase64(String(op.value)) } };
    case 'cas': {
      const [from, to] = op.value as readonly [number, number];
      return {
        path: '/v3/kv/txn',
        body: {
          compare: [{ target: 'VALUE', key, value: toBase64(String(from)), result: 'EQUAL' }],
          success: [{ requestPut: { key, value: toBase64(String(to)) } }],
        },
      };
    }
  }
}

/** What one gateway result means for `op`. */
export function answerFor(op: ClientOpSpec, result: GatewayResult): ClientAnswer {
  const isRead = op.f === 'read';
  switch (result.kind) {
    case 'not-sent':
      return { kind: 'not-sent', reason: result.reason };
    case 'lost':
      return isRead ? { kind: 'fail', reason: result.reason } : { kind: 'unknown', reason: result.reason };
    case 'error':
      if (isRead || result.code === GRPC_INVALID_ARGUMENT) return { kind: 'fail', reason: result.message };
      return { kind: 'unknown', reason: result.message };
    case 'ok':
      return okAnswer(op, result.body);
  }
}

function okAnswer(op: ClientOpSpec, body: Record<string, unknown>): ClientAnswer {
  if (op.f === 'write') return { kind: 'ok', value: null };
  if (op.f === 'cas') return body.succeeded === true ? { kind: 'ok', value: null } : { kind: 'fail', reason: 'cas-mismatch' };
  const kvs = body.kvs as readonly { readonly value?: string }[] | undefined;
  if (kvs === undefined || kvs.length === 0) return { kind: 'ok', value: null };
  const text = fromBase64(kvs[0]?.value ?? '');
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) return { kind: 'fail', reason: `not a number in etcd: ${JSON.stringify(text)}` };
  return { kind: 'ok', value };
}

export class EtcdClient implements SubjectClient {
  private readonly agent: http.Agent = newGatewayAgent();

  constructor(private readonly options: EtcdClientOptions) {}

  async send(node: number, request: ClientRequestSpec, timeoutMs: number): Promise<ClientAnswer> {
    const { path, body } = requestFor(request.op, this.options.serializable);
    const result = await callGateway(this.agent, this.options.addressOf(node), path, body, timeoutMs);
    return answerFor(request.op, result);
  }

  close(): void {
    this.agent.destroy();
  }
}
