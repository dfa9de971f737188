// A TCP listener (on 127.0.0.1 unless told another address) whose connections speak frames.
import net from 'node:net';
import type { FramedConnectionOptions } from './framed-connection.js';
import { FramedConnection } from './framed-connection.js';

export interface Listener {
  readonly port: number;
  readonly connections: ReadonlySet<FramedConnection>;
  close(): Promise<void>;
}

export async function listenFramed(
  name: string,
  port: number,
  options: Omit<FramedConnectionOptions, 'label'> & {
    readonly onConnect?: (connection: FramedConnection) => void;
    /** The address to listen on (default 127.0.0.1). */
    readonly host?: string;
  },
): Promise<Listener> {
  const connections = new Set<FramedConnection>();
  const server = net.createServer((socket) => {
    const label = `${name} ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const connection = new FramedConnection(socket, {
      ...options,
      label,
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.close(null);
        server.close(() => resolve());
      }),
  };
}
