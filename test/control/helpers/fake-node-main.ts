// A stand-in node process for the cluster tests (run with `node --import tsx`): it reads the same
// config file, listens on three ports, prints the READY line, sends a heartbeat frame to every peer
// through the peer addresses (the controller's proxies) every 20 ms, and answers control requests.
// Its status reports, besides the protocol fields, which peers it heard from in the last 300 ms.
// FAKE_NODE_MODE: "die-at-start" (exit 3 with a message on stderr), "ignore-stop" (ignore the stop
// request and SIGTERM), "no-ready" (never print READY).
import fs from 'node:fs';
import net from 'node:net';
import { encodeFrame, FrameDecoder } from '../../../src/node/framing.js';
import type { NodeConfig } from '../../../src/node/config.js';

const configPath = process.argv[process.argv.indexOf('--config') + 1] ?? '';
const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as NodeConfig;
const mode = process.env.FAKE_NODE_MODE ?? '';
const modeFor = process.env.FAKE_NODE_ONLY === undefined || process.env.FAKE_NODE_ONLY === String(config.id) ? mode : '';

if (modeFor === 'die-at-start') {
  process.stderr.write(`fake node ${config.id}: starting\nfake node ${config.id}: cannot open data dir (simulated)\n`);
  process.exit(3);
}
if (modeFor === 'ignore-stop') process.on('SIGTERM', () => undefined);

const heardAt = new Map<number, number>();
const register = new Map<string, number | null>();
const leader = Math.min(...config.nodeIds);

function serve(onFrame: (body: string, socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    const decoder = new FrameDecoder();
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const body of decoder.push(chunk)) onFrame(body, socket);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

const peerPort = await serve((body) => {
  const msg = JSON.parse(body) as { from: number };
  heardAt.set(msg.from, Date.now());
});
const clientPort = await serve((body, socket) => {
  const req = JSON.parse(body) as { id: number; op: string; key: string; value?: unknown };
  if (config.id !== leader) {
    socket.write(encodeFrame(JSON.stringify({ id: req.id, status: 'redirect', leader })));
    return;
  }
  if (req.op === 'write') register.set(req.key, req.value as number);
  socket.write(encodeFrame(JSON.stringify({ id: req.id, status: 'ok', value: req.op === 'read' ? (register.get(req.key) ?? null) : null })));
});
const controlPort = await serve((body, socket) => {
  const req = JSON.parse(body) as { id: number; cmd: string };
  if (req.cmd === 'stop') {
    if (modeFor === 'ignore-stop') return;
    process.exit(0);
  }
  const heard = [...heardAt].filter(([, at]) => Date.now() - at < 300).map(([id]) => id).sort();
  const status = {
    id: config.id,
    role: config.id === leader ? 'leader' : 'follower',
    term: 1,
    leader,
    commit: 0,
    applied: 0,
    lastIndex: 0,
    clockOffsetMs: 0,
    clockRate: 1,
    heard,
  };
  socket.write(encodeFrame(JSON.stringify({ id: req.id, ok: true, status })));
});

// One connection per peer through its proxy, re-dialled whenever it closes.
for (const [peer, address] of Object.entries(config.peerAddresses)) {
  let socket: net.Socket | null = null;
  const dial = (): void => {
    socket = net.connect(address);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      socket = null;
      setTimeout(dial, 20);
    });
  };
  dial();
  setInterval(() => {
    if (socket !== null && !socket.destroyed) socket.write(encodeFrame(JSON.stringify({ from: config.id, to: Number(peer) })));
  }, 20);
}

if (modeFor !== 'no-ready') {
  process.stdout.write(`READY ${JSON.stringify({ id: config.id, peerPort, clientPort, controlPort, pid: process.pid })}\n`);
}
