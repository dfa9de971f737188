// The lin-kv client behind the seam (SubjectClient): each logical client of the run's pool gets a
// Maelstrom client id (c1, c2, ... in order of first use) and its own msg_id counter. Requests
// follow doc/workloads.md (read {key}, write {key, value}, cas {key, from, to}); the answer
// follows resources/errors.edn: a definite error is fail, an indefinite one or a timeout is
// unknown (info), and any error or timeout on a read is fail (a read changes nothing). A request
// to a node that is not running is not-sent: the host drops it before any node sees it.
import type { ClientAnswer, ClientRequestSpec, SubjectClient } from '../types.js';
import type { ClientOpSpec } from '../../plugins.js';
import type { MaelstromHost } from './host.js';
import { errorName, isDefiniteError, type Body } from './protocol.js';

export type Reply = { readonly kind: 'body'; readonly body: Body; readonly node: number } | { readonly kind: 'timeout' };

/** One Maelstrom client id: its msg_id counter and the request it waits for. */
class ClientEndpoint {
  private lastMsgId = 0;
  private readonly waiting = new Map<number, { readonly resolve: (reply: Reply) => void; readonly timer: NodeJS.Timeout }>();

  constructor(
    readonly name: string,
    private readonly host: MaelstromHost,
  ) {
    host.registerClient(name, (body, fromNode) => this.onReply(body, fromNode));
  }

  private onReply(body: Body, fromNode: number): 'ok' | 'unsolicited' {
    const id = body.in_reply_to;
    if (typeof id !== 'number' || id < 1 || id > this.lastMsgId) return 'unsolicited';
    const w = this.waiting.get(id);
    if (w === undefined) return 'ok'; // a late or duplicated reply: the op is already decided
    this.waiting.delete(id);
    clearTimeout(w.timer);
    w.resolve({ kind: 'body', body, node: fromNode });
    return 'ok';
  }

  request(node: number, body: Omit<Body, 'msg_id'>, timeoutMs: number): Promise<Reply> {
    const msgId = ++this.lastMsgId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msgId);
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.waiting.set(msgId, { resolve, timer });
      this.host.clientSend(this.name, node, { ...body, msg_id: msgId } as Body);
    });
  }

  close(): void {
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.resolve({ kind: 'timeout' });
    }
    this.waiting.clear();
  }
}

/** Keys that are decimal integers go on the wire as JSON numbers (Maelstrom's lin-kv keys). */
export function wireKey(key: string): string | number {
  return /^(0|[1-9][0-9]{0,14})$/.test(key) ? Number(key) : key;
}

export function requestBody(op: ClientOpSpec): Omit<Body, 'msg_id'> {
  const key = wireKey(op.key);
  switch (op.f) {
    case 'read':
      return { type: 'read', key };
    case 'write':
      return { type: 'write', key, value: op.value };
    case 'cas': {
      const [from, to] = op.value as readonly [number, number];
      return { type: 'cas', key, from, to };
    }
    default:
      throw new Error(`unknown op ${String(op.f)}`);
  }
}

/** The answer to `op` that a reply (or its absence) means. `unexpected` names a reply of the wrong type. */
export function answerOf(op: ClientOpSpec, reply: Reply): ClientAnswer & { readonly unexpected?: string } {
  const isRead = op.f === 'read';
  if (reply.kind === 'timeout') return isRead ? { kind: 'fail', reason: 'timeout' } : { kind: 'unknown', reason: 'timeout' };
  const body = reply.body;
  if (body.type === 'error') {
    const code = typeof body.code === 'number' ? body.code : -1;
    const text = typeof body.text === 'string' && body.text !== '' ? `: ${body.text.slice(0, 200)}` : '';
    const reason = `${errorName(code)}${text}`;
    return isRead || isDefiniteError(code) ? { kind: 'fail', reason } : { kind: 'unknown', reason };
  }
  if (body.type === `${op.f}_ok`) {
    const value = isRead ? (body.value ?? null) : null;
    return { kind: 'ok', value: value as number | null };
  }
  const unexpected = `a ${body.type} answered a ${op.f}`;
  return isRead ? { kind: 'fail', reason: 'unexpected-reply', unexpected } : { kind: 'unknown', reason: 'unexpected-reply', unexpected };
}

export class MaelstromClient implements SubjectClient {
  private readonly endpoints = new Map<string, ClientEndpoint>();

  constructor(
    private readonly host: MaelstromHost,
    /** Hands out c1, c2, ... across every client of the run. */
    private readonly nextName: () => string,
  ) {}

  async send(node: number, request: ClientRequestSpec, timeoutMs: number): Promise<ClientAnswer> {
    if (!this.host.isUp(node)) return { kind: 'not-sent', reason: `${this.host.nameOf(node)} is not running` };
    let endpoint = this.endpoints.get(request.clientId);
    if (endpoint === undefined) {
      endpoint = new ClientEndpoint(this.nextName(), this.host);
      this.endpoints.set(request.clientId, endpoint);
    }
    const reply = await endpoint.request(node, requestBody(request.op), timeoutMs);
    const answer = answerOf(request.op, reply);
    if (answer.unexpected !== undefined) {
      this.host.findings.add('unexpected-reply', this.host.nameOf(node), answer.unexpected, reply.kind === 'body' ? JSON.stringify(reply.body) : undefined);
    }
    const { unexpected: _unexpected, ...plain } = answer as ClientAnswer & { unexpected?: string };
    return plain as ClientAnswer;
  }

  close(): void {
    for (const e of this.endpoints.values()) e.close();
  }
}
