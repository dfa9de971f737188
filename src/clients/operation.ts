// One logical client operation as a state machine, shared by the simulated clients (src/sim/clients.ts)
// and the real client pool (src/control/clients/client-pool.ts). Pure: it never sends, sleeps or
// draws; its driver sends attempts, measures time and picks nodes, and tells it what came back.
//
// Jepsen's rules for the outcome:
// - ok: some attempt was answered ok.
// - fail: certainly no effect. A read that was not answered ok (a read changes nothing, so giving
//   up on it is a definite failure, as Jepsen's clients record it); the state machine's own refusal
//   (a cas whose expected value did not match), which every attempt of the same request id gets; or
//   a refused, redirected or definitely failed attempt when no earlier attempt can still take effect.
// - info: unknown. An attempt that was sent may still be applied at any later time; the process
//   that ran the operation then retires and a fresh process id continues (ClientProcess.retire).
//
// Every attempt carries the same client id and sequence number, so the state machine applies the
// operation at most once however many attempts reach it.
import type { ClientOpSpec } from '../plugins.js';
import type { ClientAnswer } from '../subjects/types.js';

export type Decision =
  /** The operation is over: record this completion. */
  | { readonly kind: 'done'; readonly type: 'ok' | 'fail' | 'info'; readonly value: unknown; readonly error?: string }
  /**
   * Send the same request again. `leader`: the node a redirect named (never the node that
   * redirected), or null when the driver has to choose. `hasLeader`: the answer came from a node
   * that named a leader (false: nobody knows one, or the attempt failed; a driver backs off then).
   */
  | { readonly kind: 'retry'; readonly leader: number | null; readonly hasLeader: boolean }
  /** An answer to an attempt that a newer attempt superseded: nothing to do. */
  | { readonly kind: 'ignore' };

/** Refusals of the state machine itself: cached under the request id, so definite for every attempt. */
function refusedByStateMachine(reason: string): boolean {
  return reason === 'cas-mismatch' || reason.startsWith('bad-command');
}

export class ClientOperation {
  private attempts = 0;
  /** Attempts that were sent and not answered definitely: each may still take effect. */
  private readonly open = new Set<number>();

  constructor(readonly spec: ClientOpSpec) {}

  /** The value an invocation records: null for a read. */
  get invokedValue(): unknown {
    return this.spec.f === 'read' ? null : this.spec.value;
  }

  /** Number of the newest attempt (0 before the first). */
  get attempt(): number {
    return this.attempts;
  }

  /** Start a new attempt; it is open (may take effect) until answered definitely. */
  newAttempt(): number {
    this.open.add(++this.attempts);
    return this.attempts;
  }

  /** What to do with the answer to attempt `attempt`, sent to `node`. */
  answer(attempt: number, node: number, answer: ClientAnswer, retryUnknown: boolean): Decision {
    const current = attempt === this.attempts;
    switch (answer.kind) {
      case 'ok':
        return { kind: 'done', type: 'ok', value: this.spec.f === 'read' ? answer.value : this.spec.value };
      case 'not-sent':
      case 'redirect': {
        this.open.delete(attempt); // never reached a leader: nothing was proposed
        if (!current) return { kind: 'ignore' };
        const named = answer.kind === 'redirect' && answer.leader !== null && answer.leader !== node ? answer.leader : null;
        return { kind: 'retry', leader: named, hasLeader: answer.kind === 'redirect' && answer.leader !== null };
      }
      case 'fail': {
        this.open.delete(attempt);
        if (this.spec.f === 'read' || refusedByStateMachine(answer.reason) || this.open.size === 0) {
          return { kind: 'done', type: 'fail', value: this.invokedValue, error: answer.reason };
        }
        return current ? { kind: 'retry', leader: null, hasLeader: false } : { kind: 'ignore' };
      }
      case 'unknown': {
        if (this.spec.f === 'read') return { kind: 'done', type: 'fail', value: null, error: answer.reason };
        if (!retryUnknown) return { kind: 'done', type: 'info', value: this.invokedValue, error: answer.reason };
        return current ? { kind: 'retry', leader: null, hasLeader: false } : { kind: 'ignore' };
      }
      default: {
        const never: never = answer;
        return { kind: 'done', type: 'info', value: this.invokedValue, error: `unexpected answer ${JSON.stringify(never)}` };
      }
    }
  }

  /** Attempt `attempt` got no answer in time: it stays open; try again unless a newer one runs. */
  attemptTimedOut(attempt: number): Decision {
    return attempt === this.attempts ? { kind: 'retry', leader: null, hasLeader: false } : { kind: 'ignore' };
  }

  /** The operation's deadline passed: info if an attempt may still take effect, else fail. */
  deadline(error: string): Decision {
    if (this.spec.f === 'read' || this.open.size === 0) return { kind: 'done', type: 'fail', value: this.invokedValue, error };
    return { kind: 'done', type: 'info', value: this.invokedValue, error };
  }
}

/**
 * A logical client process: its id in the history and the sequence number of its requests. After
 * an info the process retires (its last operation may still happen) and a fresh id takes its place.
 */
export class ClientProcess {
  seq = 0;

  constructor(
    public process: number,
    /** The id that replaces a retired one. */
    private readonly freshId: (retired: number) => number,
  ) {}

  /** The request id of the process's next operation. */
  nextRequest(): { readonly clientId: string; readonly seq: number } {
    return { clientId: `c${this.process}`, seq: ++this.seq };
  }

  retire(): void {
    this.process = this.freshId(this.process);
    this.seq = 0;
  }
}
