// The lab-go client: Maelstrom's lin-kv client (the adapter speaks it), except that the adapter's
// "not the leader" refusal (error 11 before Start took the command) is a redirect, so the client
// pool tries the leader the event logs show, or the next node, with the same request; and a read
// answered key-does-not-exist went through the log like any read: it read the initial null.
import type { ClientAnswer, ClientRequestSpec, SubjectClient } from '../types.js';
import type { MaelstromClient } from '../maelstrom/client.js';

/** The adapter's text for a Start() that returned isLeader = false. */
const NOT_LEADER = /^temporarily-unavailable: not the leader/;
const NO_KEY = /^key-does-not-exist/;

export class LabClient implements SubjectClient {
  constructor(
    private readonly inner: MaelstromClient,
    private readonly leader: () => number | null,
  ) {}

  async send(node: number, request: ClientRequestSpec, timeoutMs: number): Promise<ClientAnswer> {
    const answer = await this.inner.send(node, request, timeoutMs);
    if (answer.kind === 'fail' && NOT_LEADER.test(answer.reason)) {
      const leader = this.leader();
      return { kind: 'redirect', leader: leader !== node ? leader : null };
    }
    if (answer.kind === 'fail' && request.op.f === 'read' && NO_KEY.test(answer.reason)) return { kind: 'ok', value: null };
    return answer;
  }

  close(): void {
    this.inner.close();
  }
}
