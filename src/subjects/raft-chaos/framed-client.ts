// The client of the raft-chaos client protocol (src/node/protocol.ts): length-prefixed JSON frames
// over one shared TCP connection per node, replies matched by id. Any subject whose nodes speak this
// protocol (the test subjects do) can use it. Connection failures become answers, never rejections:
// could not connect -> not-sent; closed after sending -> unknown "connection-lost"; no reply in
// time -> unknown "timeout".
import type { ClientReply, ClientRequest } from '../../node/protocol.js';
import type { ClientOpSpec } from '../../plugins.js';
import type { Address, ClientAnswer, ClientRequestSpec, SubjectClient } from '../types.js';
import { NodeLinks } from './node-links.js';
import { RpcError } from './rpc-connection.js';

export class FramedClient implements SubjectClient {
  private readonly links: NodeLinks;

  constructor(addressOf: (node: number) => Address, label = 'client') {
    this.links = new NodeLinks(addressOf, label);
  }

  async send(node: number, request: ClientRequestSpec, timeoutMs: number): Promise<ClientAnswer> {
    const deadline = Date.now() + timeoutMs;
    let reply: ClientReply;
    try {
      const conn = await this.links.get(node, timeoutMs);
      reply = await conn.request<ClientReply>(requestBody(request.clientId, request.seq, request.op), Math.max(1, deadline - Date.now()));
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      if (err.failure === 'not-sent') return { kind: 'not-sent', reason: err.message };
      return { kind: 'unknown', reason: err.failure === 'timeout' ? 'timeout' : 'connection-lost' };
    }
    switch (reply.status) {
      case 'ok':
        return { kind: 'ok', value: reply.value };
      case 'fail':
        return { kind: 'fail', reason: reply.reason };
      case 'unknown':
        return { kind: 'unknown', reason: reply.reason };
      case 'redirect':
        return { kind: 'redirect', leader: reply.leader };
      default: {
        const never: never = reply;
        return { kind: 'unknown', reason: `unexpected reply ${JSON.stringify(never)}` };
      }
    }
  }

  close(): void {
    this.links.closeAll();
  }
}

/** Omit distributed over a union. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function requestBody(clientId: string, seq: number, spec: ClientOpSpec): Record<string, unknown> {
  const base = { clientId, seq, key: spec.key };
  let body: WithoutId<ClientRequest>;
  switch (spec.f) {
    case 'read':
      body = { ...base, op: 'read' };
      break;
    case 'write':
      body = { ...base, op: 'write', value: spec.value as number };
      break;
    case 'cas':
      body = { ...base, op: 'cas', value: spec.value as readonly [number, number] };
      break;
    default: {
      const never: never = spec.f;
      throw new Error(`unknown client op ${JSON.stringify(never)}`);
    }
  }
  return body as Record<string, unknown>;
}
