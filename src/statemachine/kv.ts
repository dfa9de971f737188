// The register / key-value state machine over many keys: read, write, cas. Each client's latest
// request id and its result are kept (the "session" or dedup table), so a request retried after a
// timeout or a leader change is applied at most once and the retry gets the cached answer.
import type { Entry } from '../raft/types.js';
import { parseCommand } from './command.js';
import type { ApplyResult, KvCommand, StateMachine, Value } from './types.js';

interface Session {
  readonly seq: number;
  readonly result: ApplyResult;
}

interface KvImage {
  readonly version: 1;
  readonly data: readonly (readonly [string, Value])[];
  readonly sessions: readonly (readonly [string, Session])[];
}

const NOOP_RESULT: ApplyResult = { kind: 'ok', value: null };

export class KvStateMachine implements StateMachine {
  private data = new Map<string, Value>();
  private sessions = new Map<string, Session>();

  apply(entry: Entry): ApplyResult {
    if (entry.kind === 'noop') return NOOP_RESULT;
    let command: KvCommand;
    try {
      command = parseCommand(entry.data);
    } catch (err) {
      // Deterministic on every replica: a bad command is a definite failure, never a crash.
      return { kind: 'fail', reason: `bad-command: ${(err as Error).message}` };
    }
    const { clientId, seq } = command;
    if (clientId !== undefined && seq !== undefined) {
      const session = this.sessions.get(clientId);
      if (session !== undefined && seq <= session.seq) {
        // A duplicate. The latest request's answer is cached; an older one's client has moved
        // on (a client has one request outstanding), so nobody waits for this answer.
        return seq === session.seq ? session.result : { kind: 'fail', reason: 'stale-duplicate' };
      }
      const result = this.execute(command);
      this.sessions.set(clientId, { seq, result });
      return result;
    }
    return this.execute(command);
  }

  private execute(command: KvCommand): ApplyResult {
    const current = this.data.get(command.key) ?? null;
    switch (command.op) {
      case 'read':
        return { kind: 'ok', value: current };
      case 'write':
        this.data.set(command.key, command.value);
        return { kind: 'ok', value: command.value };
      case 'cas':
        if (current !== command.from) return { kind: 'fail', reason: 'cas-mismatch' };
        this.data.set(command.key, command.to);
        return { kind: 'ok', value: command.to };
    }
  }

  read(key: string): Value {
    return this.data.get(key) ?? null;
  }

  /** The cached answer for (clientId, seq), if that request was the client's latest applied one. */
  cachedResult(clientId: string, seq: number): ApplyResult | null {
    const session = this.sessions.get(clientId);
    return session !== undefined && session.seq === seq ? session.result : null;
  }

  snapshot(): string {
    // Sorted so that two replicas in the same state produce the same bytes.
    const image: KvImage = {
      version: 1,
      data: [...this.data.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      sessions: [...this.sessions.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    };
    return JSON.stringify(image);
  }

  restore(text: string): void {
    let image: KvImage;
    try {
      image = JSON.parse(text) as KvImage;
    } catch {
      throw new Error(`kv snapshot is not JSON: ${text.slice(0, 80)}`);
    }
    if (image === null || image.version !== 1 || !Array.isArray(image.data) || !Array.isArray(image.sessions)) {
      throw new Error(`kv snapshot has an unknown shape: ${text.slice(0, 80)}`);
    }
    this.data = new Map(image.data.map(([k, v]) => [k, v]));
    this.sessions = new Map(image.sessions.map(([k, s]) => [k, s]));
  }
}
