// A TCP listener (on 127.0.0.1 unless told another address) whose connections speak frames. It refuses a connection past its
// endpoint's limit (inbound-limits.ts), logging at most one line a second about it.
import net from 'node:net';
import type { FramedConnectionOptions } from './framed-connection.js';
import { FramedConnection } from './framed-connection.js';
import type { EndpointLimits } from './inbound-limits.js';

export interface Listener {
  readonly port: number;
  readonly connections: ReadonlySet<FramedConnection>;
  /** Connections refused because the endpoint had maxConnections open. */
  readonly refusedConnections: number;
  close(): Promise<void>;
}

export type ListenOptions = Omit<FramedConnectionOptions, 'label' | 'maxFrameBytes'> & {
  readonly limits: EndpointLimits;
  readonly onConnect?: (connection: FramedConnection) => void;
  /** The address to listen on (default 127.0.0.1). */
  readonly host?: string;
};

const REFUSAL_LOG_INTERVAL_MS = 1000;

export async function listenFramed(name: string, port: number, options: ListenOptions): Promise<Listener> {
  const connections = new Set<FramedConnection>();
  let refused = 0;
  let refusedUnlogged = 0;
  let lastRefusalLogMs = -Infinity;
  const refuse = (socket: net.Socket): void => {
    refused++;
    refusedUnlogged++;
    socket.on('error', () => {});
    socket.destroy();
    const now = performance.now();
    if (now - lastRefusalLogMs < REFUSAL_LOG_INTERVAL_MS) return;
    lastRefusalLogMs = now;
    options.log(
      `${name}: refused ${refusedUnlogged} connection${refusedUnlogged === 1 ? '' : 's'}: ` +
        `${connections.size} open, the limit is ${options.limits.maxConnections}`,
    );
    refusedUnlogged = 0;
  };
  const server = net.createServer((socket) => {
    if (connections.size >= options.limits.maxConnections) {
      refuse(socket);
      return;
    }
    const label = `${name} ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const connection = new FramedConnection(socket, {
      ...options,
      label,
      maxFrameBytes: options.limits.maxFrameBytes,
      onClose: (closed) => {
        connections.delete(closed);
        options.onClose?.(closed);
      },
    });
    connections.add(connection);
    options.onConnect?.(connection);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log(`${name} listener error: ${error.message}`));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`${name} listener has no TCP address`);
  return {
    port: address.port,
    connections,
    get refusedConnections() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.close(null);
        server.close(() => resolve());
      }),
  };
}
