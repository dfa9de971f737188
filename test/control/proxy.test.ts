import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxy } from '../../src/control/network/proxy.js';
import { seededRng } from '../../src/util/rng.js';
import { encodeFrame, FrameDecoder } from '../../src/node/framing.js';
import { dial, dialExpectClosed, startEchoServer, waitFor, type EchoServer } from './helpers/echo-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup(options: { frameAware?: boolean; blockMode?: 'refuse' | 'blackhole' } = {}): Promise<{
  echo: EchoServer;
  proxy: LinkProxy;
  port: number;
}> {
  const echo = await startEchoServer();
  const proxy = new LinkProxy({ name: 'test', ...options });
  const { port } = await proxy.listen();
  proxy.setTarget({ host: '127.0.0.1', port: echo.port });
  cleanups.push(() => echo.close(), () => proxy.close());
  return { echo, proxy, port };
}

/** Write frames {i: 0} .. {i: total - 1} to a socket. */
function sendNumberedFrames(socket: net.Socket, total: number): void {
  for (let i = 0; i < total; i++) socket.write(encodeFrame(JSON.stringify({ i })));
}

/** The numbers of the whole frames in these bytes, in arrival order. */
function numberedFrames(bytes: Buffer): number[] {
  return new FrameDecoder().push(bytes).map((f) => (JSON.parse(f) as { i: number }).i);
}

describe('LinkProxy', () => {
  it('forwards both ways', async () => {
    const { port } = await setup();
    const c = await dial(port);
    c.socket.write('hello');
    await waitFor(() => c.received().toString() === 'hello', 2000, 'echo');
    c.socket.destroy();
  });

  it('block cuts live connections; refuse mode closes new ones; unblock restores', async () => {
    const { proxy, port, echo } = await setup({ blockMode: 'refuse' });
    const c = await dial(port);
    c.socket.write('a');
    await waitFor(() => c.received().length === 1);
    proxy.block();
    await c.closed; // the live connection is cut
    const before = echo.connections();
    expect(await dialExpectClosed(port)).toBe(true); // a new one is closed at once
    expect(echo.connections()).toBe(before);
    expect(proxy.stats.refused).toBeGreaterThan(0);
    proxy.unblock();
    const again = await dial(port);
    again.socket.write('back');
    await waitFor(() => again.received().toString() === 'back');
    again.socket.destroy();
  });

  it('blackhole mode swallows bytes and closes the connection on unblock', async () => {
    const { proxy, port, echo } = await setup({ blockMode: 'blackhole' });
    proxy.block();
    const before = echo.connections();
    const c = await dial(port);
    c.socket.write('lost');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.received().length).toBe(0);
    expect(echo.connections()).toBe(before);
    expect(c.socket.destroyed).toBe(false);
    proxy.unblock();
    await c.closed;
  });

  it('adds latency per link', async () => {
    const { proxy, port } = await setup();
    proxy.setLatency(60);
    const c = await dial(port);
    const start = Date.now();
    c.socket.write('ping');
    await waitFor(() => c.received().toString() === 'ping', 3000);
    const rtt = Date.now() - start;
    // Delayed on the way there and on the way back.
    expect(rtt).toBeGreaterThanOrEqual(110);
    proxy.setLatency(0);
    const t2 = Date.now();
    c.socket.write('pong');
    await waitFor(() => c.received().toString() === 'pingpong', 3000);
    expect(Date.now() - t2).toBeLessThan(100);
    c.socket.destroy();
  });

  it('keeps byte order under latency', async () => {
    const { proxy, port } = await setup();
    proxy.setLatency(5);
    const c = await dial(port);
    const expected: string[] = [];
    for (let i = 0; i < 200; i++) {
      expected.push(`<${i}>`);
      c.socket.write(`<${i}>`);
    }
    await waitFor(() => c.received().toString() === expected.join(''), 3000, 'all bytes in order');
    c.socket.destroy();
  });

  it('drops whole frames on a frame-aware link, never the first', async () => {
    const seed = 7;
    const { proxy, port } = await setup({ frameAware: true });
    proxy.setLoss(0.5, seededRng(seed));
    const c = await dial(port);
    const total = 400;
    for (let i = 0; i < total; i++) c.socket.write(encodeFrame(JSON.stringify({ i })));
    await waitFor(() => proxy.stats.droppedFrames + 0 > 0 && c.received().length > 0, 3000);
    await new Promise((r) => setTimeout(r, 200));
    const frames = new FrameDecoder().push(c.received()).map((f) => (JSON.parse(f) as { i: number }).i);
    expect(frames[0]).toBe(0);
    // Every surviving frame is intact and in order; about half were dropped (seed ${seed}).
    expect([...frames].sort((a, b) => a - b)).toEqual(frames);
    expect(frames.length + proxy.stats.droppedFrames).toBe(total);
    expect(frames.length).toBeGreaterThan(total * 0.3);
    expect(frames.length).toBeLessThan(total * 0.7);
    c.socket.destroy();
  });

  it('duplicates whole frames late on a frame-aware link: each copy intact, some after newer frames, never the first', async () => {
    const seed = 11;
    const { proxy, port } = await setup({ frameAware: true });
    proxy.setShuffle({ duplicateRate: 0.3, reorderRate: 0, maxLateMs: 20 }, seededRng(seed));
    const c = await dial(port);
    const total = 300;
    sendNumberedFrames(c.socket, total);
    await waitFor(() => numberedFrames(c.received()).length >= total + proxy.stats.duplicatedFrames && proxy.stats.duplicatedFrames > 0, 3000, 'every frame and its duplicates');
    const frames = numberedFrames(c.received());
    expect(frames[0]).toBe(0);
    // Every frame arrives, the duplicated ones twice (seed ${seed}); a copy comes after a newer frame.
    expect(new Set(frames).size).toBe(total);
    expect(frames.length).toBe(total + proxy.stats.duplicatedFrames);
    expect(proxy.stats.duplicatedFrames).toBeGreaterThan(total * 0.15);
    expect(proxy.stats.duplicatedFrames).toBeLessThan(total * 0.45);
    expect(frames.filter((x) => x === 0)).toHaveLength(1);
    expect(frames.some((x, k) => k > 0 && x < (frames[k - 1] ?? 0))).toBe(true);
    c.socket.destroy();
  });

  it('reorders whole frames on a frame-aware link: each frame once, some overtaken by later ones', async () => {
    const seed = 12;
    const { proxy, port } = await setup({ frameAware: true });
    proxy.setShuffle({ duplicateRate: 0, reorderRate: 0.2, maxLateMs: 20 }, seededRng(seed));
    const c = await dial(port);
    const total = 300;
    sendNumberedFrames(c.socket, total);
    await waitFor(() => numberedFrames(c.received()).length >= total, 3000, 'every frame');
    const frames = numberedFrames(c.received());
    expect([...frames].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(frames).not.toEqual([...frames].sort((a, b) => a - b));
    expect(proxy.stats.reorderedFrames).toBeGreaterThan(total * 0.1);
    expect(() => proxy.setShuffle({ duplicateRate: 2, reorderRate: 0, maxLateMs: 20 }, seededRng(1))).toThrow(/duplicateRate must be in \[0, 1\], got 2/);
    c.socket.destroy();
  });

  it('refuses duplicates on a link that cannot read frames', async () => {
    const { proxy } = await setup();
    expect(() => proxy.setShuffle({ duplicateRate: 0.1, reorderRate: 0, maxLateMs: 20 }, seededRng(1))).toThrow(/need a frame-aware proxy/);
  });

  it('forwards a frame-aware link\u2019s frames byte for byte: 6 MiB of 0xFF (not UTF-8) arrives intact', async () => {
    const { proxy, port } = await setup({ frameAware: true });
    const c = await dial(port);
    const body = Buffer.alloc(6 * 1024 * 1024, 0xff);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length, 0);
    const hello = encodeFrame('{"type":"hello","from":1}');
    const sent = Buffer.concat([hello, header, body]);
    c.socket.write(sent);
    await waitFor(() => c.received().length >= sent.length, 10_000, 'the echoed frames');
    expect(c.received().equals(sent)).toBe(true);
    expect(proxy.stats.badStreams).toBe(0);
    c.socket.destroy();
  });

  it('closes only the connection whose frame is oversized, and keeps serving the link', async () => {
    const { proxy, port } = await setup({ frameAware: true });
    const healthy = await dial(port);
    healthy.socket.write(encodeFrame('{"a":1}'));
    await waitFor(() => healthy.received().length > 0, 2000, 'a healthy frame');
    const bad = await dial(port);
    const oversized = Buffer.alloc(8);
    oversized.writeUInt32BE(0x7fffffff, 0);
    bad.socket.write(oversized);
    await bad.closed;
    expect(proxy.stats.badStreams).toBe(1);
    healthy.socket.write(encodeFrame('{"a":2}'));
    await waitFor(() => healthy.received().equals(Buffer.concat([encodeFrame('{"a":1}'), encodeFrame('{"a":2}')])), 2000, 'the link still forwards');
    const again = await dial(port);
    again.socket.write(encodeFrame('{"b":1}'));
    await waitFor(() => again.received().length > 0, 2000, 'a new connection on the link');
    healthy.socket.destroy();
    again.socket.destroy();
  });

  it('follows a new target for new connections', async () => {
    const { proxy, port } = await setup();
    const other = await startEchoServer();
    cleanups.push(() => other.close());
    proxy.setTarget({ host: '127.0.0.1', port: other.port });
    const c = await dial(port);
    c.socket.write('z');
    await waitFor(() => c.received().toString() === 'z');
    expect(other.connections()).toBe(1);
    c.socket.destroy();
  });

  it('refuses connections while it has no target', async () => {
    const proxy = new LinkProxy({ name: 'untargeted' });
    const { port } = await proxy.listen();
    cleanups.push(() => proxy.close());
    expect(await dialExpectClosed(port)).toBe(true);
    expect(proxy.stats.refused).toBe(1);
  });
});
