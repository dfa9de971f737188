// A fake node client endpoint for the client tests: speaks the frame protocol, holds one register
// per key, and behaves as told (leader, redirect elsewhere, never answer, answer 'unknown', close).
import net from 'node:net';
import { encodeFrame, FrameDecoder } from '../../../src/node/framing.js';
import type { ClientReply, ClientRequest } from '../../../src/node/protocol.js';

export type FakeBehaviour =
  | { readonly kind: 'leader' }
  | { readonly kind: 'redirect'; readonly leader: number | null }
  | { readonly kind: 'silent' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'close' };

export interface FakeNode {
  readonly id: number;
  readonly port: number;
  behaviour: FakeBehaviour;
  /** Every request received, in order. */
  readonly received: ClientRequest[];
  close(): Promise<void>;
}

export async function startFakeNode(id: number, store: Map<string, number | null>, behaviour: FakeBehaviour): Promise<FakeNode> {
  const sockets = new Set<net.Socket>();
  const received: ClientRequest[] = [];
  const node: FakeNode = {
    id,
    port: 0,
    behaviour,
    received,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const answer = (req: ClientRequest): ClientReply | null => {
    const b = node.behaviour;
    switch (b.kind) {
      case 'silent':
      case 'close':
        return null;
      case 'unknown':
        return { id: req.id, status: 'unknown', reason: 'leadership-lost' };
      case 'redirect':
        return { id: req.id, status: 'redirect', leader: b.leader };
      case 'leader': {
        const current = store.get(req.key) ?? null;
        if (req.op === 'read') return { id: req.id, status: 'ok', value: current };
        if (req.op === 'write') {
          store.set(req.key, req.value);
          return { id: req.id, status: 'ok', value: null };
        }
        if (current !== req.value[0]) return { id: req.id, status: 'fail', reason: 'cas-mismatch' };
        store.set(req.key, req.value[1]);
        return { id: req.id, status: 'ok', value: null };
      }
    }
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const body of decoder.push(chunk)) {
        const req = JSON.parse(body) as ClientRequest;
        received.push(req);
        if (node.behaviour.kind === 'close') {
          socket.destroy();
          return;
        }
        const reply = answer(req);
        if (reply !== null) socket.write(encodeFrame(JSON.stringify(reply)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (node as { port: number }).port = (server.address() as net.AddressInfo).port;
  return node;
}
