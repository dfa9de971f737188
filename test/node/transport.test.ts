import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/raft/types.js';
import { asIndex, asNodeId, asTerm } from '../../src/raft/types.js';
import { encodeFrame } from '../../src/node/framing.js';
import { PeerTransport } from '../../src/node/transport.js';
import { freePorts } from './free-port.js';

const heartbeat = (from: number, to: number, term: number): Message => ({
  type: 'AppendEntries',
  from: asNodeId(from),
  to: asNodeId(to),
  term: asTerm(term),
  prevLogIndex: asIndex(0),
  prevLogTerm: asTerm(0),
  entries: [],
  leaderCommit: asIndex(0),
  readCtx: 0,
});

// A stand-in for src/raft/codec.ts: JSON with a minimal shape check.
const encode = (message: Message): string => JSON.stringify(message);
const decode = (text: string): Message => {
  const value = JSON.parse(text) as Message;
  if (typeof value !== 'object' || value === null || typeof value.type !== 'string') throw new Error('not a message');
  return value;
};

const open: PeerTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function startNode(id: number, ports: number[], received: Message[], logs: string[]): Promise<PeerTransport> {
  const peerAddresses: Record<string, { host: string; port: number }> = {};
  ports.forEach((port, i) => (peerAddresses[String(i + 1)] = { host: '127.0.0.1', port }));
  const transport = await PeerTransport.start({
    selfId: id,
    nodeIds: ports.map((_, i) => i + 1),
    peerAddresses,
    listenPort: ports[id - 1]!,
    encode,
    decode,
    onMessage: (m) => received.push(m),
    log: (line) => logs.push(line),
  });
  open.push(transport);
  return transport;
}

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rawSend(port: number, bytes: Buffer): Promise<'closed'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    socket.on('error', () => {});
    socket.on('close', () => resolve('closed'));
  });
}

describe('PeerTransport', () => {
  it('delivers messages both ways in order', async () => {
    const ports = await freePorts(2);
    const got1: Message[] = [];
    const got2: Message[] = [];
    const logs: string[] = [];
    const t1 = await startNode(1, ports, got1, logs);
    const t2 = await startNode(2, ports, got2, logs);
    await waitFor(() => t1.isConnected(2) && t2.isConnected(1));
    for (let term = 1; term <= 100; term++) t1.send(heartbeat(1, 2, term));
    t2.send(heartbeat(2, 1, 7));
    await waitFor(() => got2.length === 100 && got1.length === 1);
    expect(got2.map((m) => m.term)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(got1[0]).toEqual(heartbeat(2, 1, 7));
  });

  it('reconnects after the peer restarts', async () => {
    const ports = await freePorts(2);
    const got2: Message[] = [];
    const logs: string[] = [];
    const t1 = await startNode(1, ports, [], logs);
    let t2 = await startNode(2, ports, got2, logs);
    await waitFor(() => t1.isConnected(2));
    t1.send(heartbeat(1, 2, 1));
    await waitFor(() => got2.length === 1);
    await t2.close();
    open.splice(open.indexOf(t2), 1);
    t1.send(heartbeat(1, 2, 2)); // may be lost: Raft retries
    await new Promise((r) => setTimeout(r, 100));
    const got2b: Message[] = [];
    t2 = await startNode(2, ports, got2b, logs);
    await waitFor(() => {
      t1.send(heartbeat(1, 2, 3));
      return got2b.some((m) => m.term === 3);
    });
  });

  it('drops messages while a peer is down, keeping at most a bounded queue', async () => {
    const ports = await freePorts(2);
    const t1 = await startNode(1, ports, [], []);
    for (let i = 0; i < 1000; i++) t1.send(heartbeat(1, 2, i));
    expect(t1.stats().dropped).toBeGreaterThanOrEqual(1000 - 256);
    expect(t1.isConnected(2)).toBe(false);
  });

  it('closes a connection that sends garbage, with a logged reason, and keeps working', async () => {
    const ports = await freePorts(2);
    const got2: Message[] = [];
    const logs: string[] = [];
    const t1 = await startNode(1, ports, [], logs);
    await startNode(2, ports, got2, logs);
    const oversize = Buffer.alloc(8);
    oversize.writeUInt32BE(0xffffffff, 0);
    expect(await rawSend(ports[1]!, oversize)).toBe('closed');
    expect(await rawSend(ports[1]!, encodeFrame('not json'))).toBe('closed');
    expect(await rawSend(ports[1]!, encodeFrame('{"type":"hello","from":9}'))).toBe('closed');
    const hello = encodeFrame('{"type":"hello","from":1}');
    expect(await rawSend(ports[1]!, Buffer.concat([hello, encodeFrame('{"nope":1}')]))).toBe('closed');
    // A message that claims to come from another node than the hello said.
    expect(await rawSend(ports[1]!, Buffer.concat([hello, encodeFrame(encode(heartbeat(3, 2, 1)))]))).toBe('closed');
    expect(logs.filter((l) => l.includes('closing connection'))).toHaveLength(5);
    expect(logs.join('\n')).toMatch(/malformed frame/);
    expect(logs.join('\n')).toMatch(/PeerHello from unknown node 9/);
    expect(logs.join('\n')).toMatch(/malformed Raft message/);
    expect(got2).toEqual([]);
    await waitFor(() => t1.isConnected(2));
    t1.send(heartbeat(1, 2, 5));
    await waitFor(() => got2.length === 1);
  });
});
