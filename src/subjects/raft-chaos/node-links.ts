// One shared, lazily (re)opened client connection per node, through that node's client proxy.
// Many logical client processes multiplex their requests over it (replies are matched by id).
import type { Address } from '../types.js';
import { RpcConnection } from './rpc-connection.js';

export class NodeLinks {
  private readonly open = new Map<number, RpcConnection>();
  private readonly opening = new Map<number, Promise<RpcConnection>>();
  private closed = false;

  constructor(
    private readonly addressOf: (node: number) => Address,
    private readonly label: string = 'client',
  ) {}

  /** The open connection to `node`, opening one if needed (RpcError 'not-sent' if it cannot). */
  async get(node: number, timeoutMs: number): Promise<RpcConnection> {
    const current = this.open.get(node);
    if (current !== undefined && current.isOpen) return current;
    const pending = this.opening.get(node);
    if (pending !== undefined) return pending;
    const attempt = RpcConnection.connect(this.addressOf(node), `${this.label}->n${node}`, Math.max(1, timeoutMs)).then(
      (conn) => {
        this.opening.delete(node);
        if (this.closed) conn.close();
        else this.open.set(node, conn);
        return conn;
      },
      (err: unknown) => {
        this.opening.delete(node);
        throw err;
      },
    );
    this.opening.set(node, attempt);
    return attempt;
  }

  closeAll(): void {
    this.closed = true;
    for (const conn of this.open.values()) conn.close();
    this.open.clear();
  }
}
