// `npm run bench -- maelstrom`: the Maelstrom host's cost. Three flood nodes
// (bench/fixtures/maelstrom-flood.mjs) send to each other through the host:
//  1. routed: as fast as their stdout takes it, the messages per second the host parses, routes
//     and writes into the receivers' stdin (target: >= 50,000/s);
//  2. added delay at a steady 5,000 messages per second (n0 -> n1, n2): the time each line spends
//     inside the host, from its stdout chunk's arrival to the write into the receiver's stdin
//     (target: p99 < 1 ms), and the one-way delay sender -> receiver end to end (pipes and both
//     nodes' event loops included), next to the same two processes joined by a plain pipe.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MaelstromHost } from '../src/subjects/maelstrom/host.js';
import { seededRng } from '../src/util/rng.js';
import type { Body } from '../src/subjects/maelstrom/protocol.js';

const FLOOD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'maelstrom-flood.mjs');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

async function withHost<T>(args: string[], probe: ((ms: number) => void) | undefined, body: (host: MaelstromHost, rpc: (node: number, type: string) => Promise<Body>) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-bench-maelstrom-'));
  const host = new MaelstromHost({
    argv: [process.execPath, FLOOD, ...args],
    nodeCount: 3,
    nodesDir: dir,
    rng: seededRng(1),
    nowS: () => performance.now() / 1000,
    ...(probe !== undefined ? { routeProbe: probe } : {}),
  });
  const waiting = new Map<number, (b: Body) => void>();
  let next = 0;
  host.registerClient('c1', (b) => {
    const w = waiting.get(b.in_reply_to ?? -1);
    if (w === undefined) return 'unsolicited';
    waiting.delete(b.in_reply_to as number);
    w(b);
    return 'ok';
  });
  const rpc = (node: number, type: string): Promise<Body> =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      host.clientSend('c1', node, { type, msg_id: id });
    });
  try {
    await host.start();
    return await body(host, rpc);
  } finally {
    await host.stop(500);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function delivered(host: MaelstromHost): number {
  return host.network.stats().filter((l) => l.from !== 0 && l.to !== 0).reduce((a, l) => a + l.delivered, 0);
}

/** Messages per second delivered, and the host's CPU time per message (user + system). */
async function routedPerSecond(seconds: number): Promise<{ perS: number; cpuUsPerMessage: number }> {
  return withHost(['--rate', '0'], undefined, async (host, rpc) => {
    await Promise.all(host.nodeIds.map((n) => rpc(n, 'start')));
    await sleep(500); // warm up
    const before = delivered(host);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await sleep(seconds * 1000);
    const cpu = process.cpuUsage(cpu0);
    const count = delivered(host) - before;
    const elapsedS = (performance.now() - t0) / 1000;
    await Promise.all(host.nodeIds.map((n) => rpc(n, 'stop')));
    return { perS: count / elapsedS, cpuUsPerMessage: (cpu.user + cpu.system) / count };
  });
}

async function steadyDelay(ratePerS: number, seconds: number): Promise<{ inHost: number[]; endToEnd: number[]; rate: number }> {
  const inHost: number[] = [];
  return withHost(['--rate', String(ratePerS), '--senders', 'n0'], (ms) => inHost.push(ms), async (host, rpc) => {
    await rpc(1, 'start');
    await sleep(500);
    inHost.length = 0;
    await Promise.all([2, 3].map((n) => rpc(n, 'stats')));
    const before = delivered(host);
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const rate = (delivered(host) - before) / ((performance.now() - t0) / 1000);
    await rpc(1, 'stop');
    const stats = await Promise.all([2, 3].map((n) => rpc(n, 'stats')));
    const endToEnd = stats.flatMap((s) => s.delays as number[]);
    return { inHost: [...inHost], endToEnd, rate };
  });
}

/** The same sender and receiver joined by a plain pipe (no host): the floor of the end-to-end delay. */
async function pipeBaseline(ratePerS: number, seconds: number): Promise<number[]> {
  // A tiny driver: start the flood node as n0 with one peer, pipe its stdout into a receiver n1.
  const sender = spawn(process.execPath, [FLOOD, '--rate', String(ratePerS), '--senders', 'n0'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const receiver = spawn(process.execPath, [FLOOD], { stdio: ['pipe', 'pipe', 'ignore'] });
  const init = (p: typeof sender, id: string): void => {
    p.stdin.write(`${JSON.stringify({ src: 'c0', dest: id, body: { type: 'init', msg_id: 1, node_id: id, node_ids: ['n0', 'n1'] } })}\n`);
  };
  for (const p of [sender, receiver]) p.stdin.on('error', () => undefined); // EPIPE once they are killed
  let replies = '';
  receiver.stdout.on('data', (d: Buffer) => (replies += d.toString()));
  init(receiver, 'n1');
  // Only flood lines go on to the receiver; the sender's replies to c0 / c1 are dropped here.
  let partial = '';
  sender.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (l.includes('"dest":"n1"')) receiver.stdin.write(`${l}\n`);
  });
  init(sender, 'n0');
  await sleep(300);
  sender.stdin.write(`${JSON.stringify({ src: 'c1', dest: 'n0', body: { type: 'start', msg_id: 2 } })}\n`);
  await sleep(500);
  receiver.stdin.write(`${JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'stats', msg_id: 3 } })}\n`);
  await sleep(seconds * 1000);
  receiver.stdin.write(`${JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'stats', msg_id: 4 } })}\n`);
  await sleep(300);
  sender.kill('SIGKILL');
  receiver.kill('SIGKILL');
  const last = replies.trim().split('\n').filter((l) => l.includes('stats_ok')).at(-1);
  return last === undefined ? [] : ((JSON.parse(last) as { body: { delays: number[] } }).body.delays);
}

export async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes share the cores: wall-clock figures below are bounded by them)`);
  const routed = await routedPerSecond(3);
  console.log(`routed through the host (3 flood nodes, no faults): ${Math.round(routed.perS).toLocaleString('en-US')} messages/s wall clock (target >= 50,000)`);
  console.log(`  host CPU per message routed: ${routed.cpuUsPerMessage.toFixed(2)} µs, i.e. ${Math.round(1e6 / routed.cpuUsPerMessage).toLocaleString('en-US')} messages/s per core of host time`);
  const rate = 5000;
  const steady = await steadyDelay(rate, 5);
  const inHost = [...steady.inHost].sort((a, b) => a - b);
  const e2e = [...steady.endToEnd].sort((a, b) => a - b);
  console.log(`steady load: ${Math.round(steady.rate).toLocaleString('en-US')} messages/s routed (asked ${rate}/s)`);
  console.log(`  inside the host (stdout chunk -> receiver stdin), ${inHost.length} lines: p50 ${fmt(percentile(inHost, 50))}, p99 ${fmt(percentile(inHost, 99))}, max ${fmt(inHost.at(-1) ?? NaN)} (target p99 < 1 ms); ${((100 * inHost.filter((v) => v < 1).length) / Math.max(1, inHost.length)).toFixed(1)}% under 1 ms`);
  const base = [...(await pipeBaseline(rate / 2, 5))].sort((a, b) => a - b);
  console.log(`  end to end through the host (sender -> receiver): p50 ${fmt(percentile(e2e, 50))}, p99 ${fmt(percentile(e2e, 99))}`);
  console.log(`  end to end through a plain pipe (${rate / 2}/s, no host):   p50 ${fmt(percentile(base, 50))}, p99 ${fmt(percentile(base, 99))}`);
}
