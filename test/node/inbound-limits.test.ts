// What inbound connections can make a real node process hold (src/node/inbound-limits.ts): twelve
// connections that each announce a 16 MiB frame and never finish it, too many connections, an
// oversized client frame, and a client that never reads its replies. The node closes the
// offending connections, stays within its budget and keeps serving. Every socket and process is
// closed in afterEach.
import fs from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/node/framing.js';
import { DEFAULT_INBOUND_BUFFER_BYTES, ENDPOINT_LIMITS } from '../../src/node/inbound-limits.js';
import { MAX_FRAME_BYTES } from '../../src/node/protocol.js';
import { Cluster } from './cluster-harness.js';

const MIB = 1024 * 1024;
let cluster: Cluster | null = null;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await cluster?.destroy();
  cluster = null;
});

interface Dialled {
  readonly socket: net.Socket;
  closed: boolean;
  readonly whenClosed: Promise<void>;
}

function dial(port: number): Promise<Dialled> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    const dialled: { socket: net.Socket; closed: boolean; whenClosed: Promise<void> } = {
      socket,
      closed: false,
      whenClosed: new Promise((done) => socket.on('close', () => done())),
    };
    void dialled.whenClosed.then(() => (dialled.closed = true));
    socket.on('error', () => {});
    socket.once('connect', () => resolve(dialled));
    socket.once('error', reject);
  });
}

/** Resident set size of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

/** Write `total` bytes of `0x20` (JSON whitespace) in `chunkBytes` pieces every `everyMs`, until closed. */
async function trickle(d: Dialled, total: number, chunkBytes: number, everyMs: number): Promise<number> {
  const chunk = Buffer.alloc(chunkBytes, 0x20);
  let sent = 0;
  while (sent < total && !d.closed) {
    const n = Math.min(chunkBytes, total - sent);
    d.socket.write(n === chunkBytes ? chunk : chunk.subarray(0, n));
    sent += n;
    if (everyMs > 0) await sleep(everyMs);
    else if (d.socket.writableLength > 4 * MIB) await new Promise((r) => d.socket.once('drain', r));
  }
  return sent;
}

describe('inbound limits of a node process', () => {
  it('twelve slow connections announcing a 16 MiB frame each: the node holds at most its budget, closes them, keeps serving', async () => {
    const c = (cluster = await Cluster.create(1, { partialFrameTimeoutMs: 4000 }));
    await c.start(1);
    await c.waitForLeader();
    const pid = c.node(1).process!.pid!;
    const port = c.node(1).config.peerPort!;
    await sleep(300);
    const rssBefore = rssBytes(pid);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_FRAME_BYTES, 0);
    const conns = await Promise.all(Array.from({ length: 12 }, () => dial(port)));
    // Each sends the header, then the body in 1 MiB pieces every 100 ms (10 MiB/s): never all of it.
    const trickles = conns.map(async (d) => {
      d.socket.write(header);
      return trickle(d, MAX_FRAME_BYTES - 1, MIB, 100);
    });
    let peakRss = rssBefore;
    let peakBuffered = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssBytes(pid));
    }, 50);
    let allClosed = false;
    try {
      // While they send, the node serves.
      for (let i = 0; i < 6; i++) {
        const status = await c.status(1);
        peakBuffered = Math.max(peakBuffered, status.inbound?.bufferedBytes ?? 0);
        expect((await c.request({ clientId: 'w', seq: i + 1, op: 'write', key: 'k', value: i })).status).toBe('ok');
        await sleep(200);
      }
      // Past the budget, connections are closed; the partial-frame timeout closes every one left.
      allClosed = await until('every slow connection closed', () => conns.every((d) => d.closed), 15_000).then(
        () => true,
        () => false,
      );
    } finally {
      clearInterval(sampler);
    }
    const rssAfter = rssBytes(pid);
    console.log(
      `node RSS with 12 slow 16 MiB-frame connections: before ${(rssBefore / MIB).toFixed(0)} MiB, ` +
        `peak ${(peakRss / MIB).toFixed(0)} MiB (+${((peakRss - rssBefore) / MIB).toFixed(0)} MiB), ` +
        `after ${(rssAfter / MIB).toFixed(0)} MiB; peak partial frames held ${(peakBuffered / MIB).toFixed(1)} MiB; ` +
        `${conns.filter((d) => d.closed).length} of 12 closed by the node`,
    );
    expect(allClosed, 'every slow connection closed by the node').toBe(true);
    // 12 x 16 MiB unbounded would be +192 MiB; the budget is 32 MiB (plus the chunks in flight).
    expect(peakRss - rssBefore).toBeLessThan(120 * MIB);
    expect(peakBuffered).toBeLessThanOrEqual(DEFAULT_INBOUND_BUFFER_BYTES);
    await Promise.all(trickles);
    const after = await c.status(1);
    expect(after.inbound!.bufferedBytes).toBe(0);
    expect(after.inbound!.connections.peer).toBe(0);
    const log = c.node(1).output.join('\n');
    expect(log).toMatch(/closing connection: inbound buffers are full: \d+ of 33554432 bytes held by partial frames/);
    expect(log).toMatch(/closing connection: a partial frame \(\d+ bytes so far\) stayed incomplete for more than 4000 ms/);
  }, 60_000);

  it('refuses connections past an endpoint\u2019s limit, and serves again once they close', async () => {
    const c = (cluster = await Cluster.create(1));
    await c.start(1);
    await c.waitForLeader();
    const port = c.node(1).config.controlPort!;
    const limit = ENDPOINT_LIMITS.control.maxConnections;
    const conns: Dialled[] = [];
    for (let i = 0; i < limit + 8; i++) conns.push(await dial(port));
    await until('the connections past the limit are closed', () => conns.filter((d) => d.closed).length >= 8);
    await sleep(200);
    expect(conns.filter((d) => d.closed).length).toBe(8);
    expect(conns.slice(0, limit).every((d) => !d.closed)).toBe(true);
    expect(c.node(1).output.join('\n')).toMatch(new RegExp(`n1 WARN control: refused \\d+ connections?: ${limit} open, the limit is ${limit}`));
    for (const d of conns.slice(0, 4)) d.socket.destroy();
    await Promise.all(conns.slice(0, 4).map((d) => d.whenClosed));
    await sleep(100);
    const status = await c.status(1);
    expect(status.inbound!.refused.control).toBe(8);
    expect(status.inbound!.connections.control).toBeLessThanOrEqual(limit);
  });

  it('closes a client connection that announces a frame past the client limit (1 MiB), at once', async () => {
    const c = (cluster = await Cluster.create(1));
    await c.start(1);
    await c.waitForLeader();
    const d = await dial(c.node(1).config.clientPort!);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(ENDPOINT_LIMITS.client.maxFrameBytes + 1, 0);
    d.socket.write(header);
    await d.whenClosed;
    expect(c.node(1).output.join('\n')).toMatch(/client .*: closing connection: malformed frame: frame length 1048577 exceeds the limit of 1048576 bytes/);
    expect((await c.request({ clientId: 'w', seq: 1, op: 'write', key: 'k', value: 1 })).status).toBe('ok');
  });

  it('closes a connection that never reads its replies once they pile up', async () => {
    const c = (cluster = await Cluster.create(1));
    await c.start(1);
    await c.waitForLeader();
    const d = await dial(c.node(1).config.controlPort!);
    d.socket.pause(); // never read
    const request = Buffer.concat(Array.from({ length: 1000 }, (_, i) => encodeFrame(`{"id":${i},"cmd":"status"}`)));
    for (let round = 0; round < 200 && !d.closed; round++) {
      d.socket.write(request);
      await sleep(10);
    }
    await until('the unread connection is closed', () => d.closed);
    expect(c.node(1).output.join('\n')).toMatch(/control .*: closing connection: \d+ bytes of replies are queued unread \(the limit is 16777216\)/);
    expect((await c.status(1)).id).toBe(1);
  });
});
