// Maelstrom's lin-kv client (doc/workloads.md): read {key} -> read_ok {value}, write {key, value}
// -> write_ok, cas {key, from, to} -> cas_ok, or an error {code}. --concurrency logical
// processes, each with one request in flight at a time, bound to node (process mod n) as
// Maelstrom binds its clients; Maelstrom client id c<process+1>.
//
// Outcomes (resources/errors.edn): a definite error is fail; an indefinite error or a timeout is
// info, and the process is retired (a fresh process id, hence a fresh client id, takes its slot);
// any error or timeout on a read is fail, since a read changes nothing.
import type { ClientOpSpec, Workload, WorkloadOptions } from '../../plugins.js';
import type { HistoryWriter } from '../../history/writer.js';
import type { Rng } from '../../raft/types.js';
import { deriveSeed, seededRng } from '../../control/rng.js';
import type { MaelstromHost } from './host.js';
import { clientName, errorName, isDefiniteError, type Body } from './protocol.js';

export interface LinKvClientOptions {
  readonly host: MaelstromHost;
  readonly history: HistoryWriter;
  readonly workload: Workload;
  readonly workloadOptions: WorkloadOptions;
  readonly concurrency: number;
  /** Operations per second over all processes; 0 = closed loop. */
  readonly ratePerS: number;
  readonly opTimeoutMs: number;
  readonly seed: number;
}

export interface ClientCounts {
  ok: number;
  fail: number;
  info: number;
}

type Reply = { readonly kind: 'body'; readonly body: Body; readonly node: number } | { readonly kind: 'timeout' };

/** One Maelstrom client id: its msg_id counter and the request it waits for. */
class ClientEndpoint {
  private lastMsgId = 0;
  private waiting: { readonly msgId: number; readonly resolve: (reply: Reply) => void; readonly timer: NodeJS.Timeout } | null = null;

  constructor(
    readonly name: string,
    private readonly host: MaelstromHost,
  ) {
    host.registerClient(name, (body, fromNode) => this.onReply(body, fromNode));
  }

  private onReply(body: Body, fromNode: number): 'ok' | 'unsolicited' {
    const id = body.in_reply_to;
    if (typeof id !== 'number' || id < 1 || id > this.lastMsgId) return 'unsolicited';
    const w = this.waiting;
    if (w === null || w.msgId !== id) return 'ok'; // a late or duplicated reply: the op is decided
    this.waiting = null;
    clearTimeout(w.timer);
    w.resolve({ kind: 'body', body, node: fromNode });
    return 'ok';
  }

  request(node: number, body: Omit<Body, 'msg_id'>, timeoutMs: number): Promise<Reply> {
    const msgId = ++this.lastMsgId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.waiting = { msgId, resolve, timer };
      this.host.clientSend(this.name, node, { ...body, msg_id: msgId } as Body);
    });
  }
}

/** Keys that are decimal integers go on the wire as JSON numbers (Maelstrom's lin-kv keys). */
export function wireKey(key: string): string | number {
  return /^(0|[1-9][0-9]{0,14})$/.test(key) ? Number(key) : key;
}

function requestBody(op: ClientOpSpec): Omit<Body, 'msg_id'> {
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

export type Outcome =
  | { readonly type: 'ok'; readonly value: unknown }
  | { readonly type: 'fail' | 'info'; readonly error: string; readonly unexpected?: string };

/** The history outcome of one reply to `op` (exported for tests). */
export function outcomeOf(op: ClientOpSpec, reply: Reply): Outcome {
  const isRead = op.f === 'read';
  if (reply.kind === 'timeout') return { type: isRead ? 'fail' : 'info', error: 'timeout' };
  const body = reply.body;
  if (body.type === 'error') {
    const code = typeof body.code === 'number' ? body.code : -1;
    const text = typeof body.text === 'string' && body.text !== '' ? `: ${body.text.slice(0, 200)}` : '';
    return { type: isRead || isDefiniteError(code) ? 'fail' : 'info', error: `${errorName(code)}${text}` };
  }
  if (body.type === `${op.f}_ok`) return { type: 'ok', value: isRead ? (body.value ?? null) : op.value };
  const unexpected = `a ${body.type} answered a ${op.f}`;
  return { type: isRead ? 'fail' : 'info', error: 'unexpected-reply', unexpected };
}

interface Worker {
  process: number;
  readonly rng: Rng;
  endpoint: ClientEndpoint;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class LinKvClients {
  readonly counts: ClientCounts = { ok: 0, fail: 0, info: 0 };
  private readonly workers: Worker[];
  private nextProcess: number;
  private stopped = false;

  constructor(private readonly opts: LinKvClientOptions) {
    this.workers = Array.from({ length: opts.concurrency }, (_, i) => ({
      process: i,
      rng: seededRng(deriveSeed(opts.seed, `client-${i}`)),
      endpoint: new ClientEndpoint(clientName(i), opts.host),
    }));
    this.nextProcess = opts.concurrency;
  }

  /** Issue operations until stop(); resolves when every process finished its last op. */
  async run(): Promise<void> {
    const n = this.opts.concurrency;
    const intervalMs = this.opts.ratePerS > 0 ? (1000 * n) / this.opts.ratePerS : 0;
    await Promise.all(
      this.workers.map(async (w, i) => {
        if (intervalMs > 0) await sleep((intervalMs * i) / n);
        while (!this.stopped) {
          const started = Date.now();
          await this.invoke(w, this.opts.workload.next(w.rng, this.opts.workloadOptions));
          if (intervalMs > 0 && !this.stopped) await sleep(Math.max(0, intervalMs - (Date.now() - started)));
        }
      }),
    );
  }

  stop(): void {
    this.stopped = true;
  }

  /** One op through worker w, recorded in the history; returns the outcome. */
  async invoke(w: Worker, op: ClientOpSpec, node?: number, timeoutMs = this.opts.opTimeoutMs): Promise<Outcome> {
    const nodeCount = this.opts.host.nodeIds.length;
    const target = node ?? (w.process % nodeCount) + 1;
    const { history } = this.opts;
    history.record({ type: 'invoke', process: w.process, f: op.f, key: op.key, value: op.f === 'read' ? null : op.value });
    const reply = await w.endpoint.request(target, requestBody(op), timeoutMs);
    const outcome = outcomeOf(op, reply);
    if (outcome.type !== 'ok' && outcome.unexpected !== undefined) {
      this.opts.host.findings.add('unexpected-reply', this.opts.host.nameOf(target), outcome.unexpected, JSON.stringify(reply.kind === 'body' ? reply.body : null));
    }
    const value = outcome.type === 'ok' ? outcome.value : op.f === 'read' ? null : op.value;
    history.record({
      type: outcome.type,
      process: w.process,
      f: op.f,
      key: op.key,
      value,
      ...(outcome.type !== 'ok' ? { error: outcome.error } : {}),
      ...(reply.kind === 'body' ? { node: reply.node } : {}),
    });
    this.counts[outcome.type]++;
    if (outcome.type === 'info') this.retire(w);
    return outcome;
  }

  private retire(w: Worker): void {
    w.process = this.nextProcess++;
    w.endpoint = new ClientEndpoint(clientName(w.process), this.opts.host);
  }

  /**
   * After the heal: read every key once, trying node after node until a read succeeds or the
   * deadline passes. Returns each key's last outcome.
   */
  async finalReads(keys: readonly string[], deadlineMs: number, timeoutMs: number): Promise<Map<string, Outcome['type']>> {
    const results = new Map<string, Outcome['type']>();
    const process = this.nextProcess++;
    const w: Worker = {
      process,
      rng: seededRng(deriveSeed(this.opts.seed, 'final')),
      endpoint: new ClientEndpoint(clientName(process), this.opts.host),
    };
    const until = Date.now() + deadlineMs;
    const nodeCount = this.opts.host.nodeIds.length;
    let node = 1;
    for (const key of keys) {
      let outcome: Outcome['type'] = 'fail';
      while (Date.now() < until) {
        const o = await this.invoke(w, { f: 'read', key, value: null }, node, timeoutMs);
        outcome = o.type;
        if (o.type === 'ok') break;
        node = (node % nodeCount) + 1;
        await sleep(50);
      }
      results.set(key, outcome);
    }
    return results;
  }
}
