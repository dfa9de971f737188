// The node program of the single-register subject: one register per key, held by the primary
// (the lowest node id) and saved to its data directory before every answer. Every other node
// forwards each client request to the primary over its peer link (through the run's network) and
// relays the answer; a cut link leaves the request unanswered, so the client records info.
// It speaks the raft-chaos client protocol (src/node/protocol.ts) and the process protocol every
// process subject shares: `--config FILE`, a READY line on stdout, a control endpoint whose 'stop'
// exits at once.
// SINGLE_REGISTER_BUG=stale-reads (for the tool's own tests): forwarding nodes answer reads from the
// last value they relayed instead of asking the primary, which is not linearizable.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { encodeFrame, FrameDecoder } from '../../node/framing.js';

interface Config {
  readonly id: number;
  readonly nodeIds: readonly number[];
  readonly dataDir: string;
  readonly peerAddresses: Readonly<Record<string, { host: string; port: number }>>;
}

interface Request {
  readonly id: number;
  readonly op: 'read' | 'write' | 'cas';
  readonly key: string;
  readonly value?: number | readonly [number, number];
}

type Reply = Record<string, unknown> & { id: number };

const FORWARD_TIMEOUT_MS = 5_000;
const staleReads = process.env.SINGLE_REGISTER_BUG === 'stale-reads';
/** What this forwarding node last relayed per key (used only with stale-reads). */
const relayed = new Map<string, number | null>();

const configPath = process.argv[process.argv.indexOf('--config') + 1] ?? '';
const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as Config;
const primary = Math.min(...config.nodeIds);
const stateFile = path.join(config.dataDir, 'register.json');
fs.mkdirSync(config.dataDir, { recursive: true });
const register = new Map<string, number>(
  fs.existsSync(stateFile) ? (Object.entries(JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, number>)) : [],
);

function save(): void {
  const tmp = `${stateFile}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  fs.writeSync(fd, JSON.stringify(Object.fromEntries(register)));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, stateFile);
}

function apply(req: Request): Omit<Reply, 'id'> {
  const current = register.get(req.key) ?? null;
  switch (req.op) {
    case 'read':
      return { status: 'ok', value: current };
    case 'write':
      register.set(req.key, req.value as number);
      save();
      return { status: 'ok', value: null };
    case 'cas': {
      const [from, to] = req.value as readonly [number, number];
      if (current !== from) return { status: 'fail', reason: 'cas-mismatch' };
      register.set(req.key, to);
      save();
      return { status: 'ok', value: null };
    }
    default:
      return { status: 'fail', reason: `unknown op ${JSON.stringify((req as { op: unknown }).op)}` };
  }
}

function serve(onFrame: (body: string, socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    const decoder = new FrameDecoder();
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const body of decoder.push(chunk)) onFrame(body, socket);
      } catch {
        socket.destroy();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

const send = (socket: net.Socket, reply: Reply): void => {
  if (!socket.destroyed) socket.write(encodeFrame(JSON.stringify(reply)));
};

// The link to the primary (non-primary nodes): one connection, re-dialled when it closes; answers
// are matched by a forwarding id.
let upstream: net.Socket | null = null;
let nextForward = 1;
const waiting = new Map<number, { socket: net.Socket; id: number; timer: NodeJS.Timeout; op: Request['op']; key: string; value: Request['value'] }>();

function primaryLink(): net.Socket | null {
  if (upstream !== null && !upstream.destroyed) return upstream;
  const address = config.peerAddresses[String(primary)];
  if (address === undefined) return null;
  const socket = net.connect(address);
  const decoder = new FrameDecoder();
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    for (const body of decoder.push(chunk)) {
      const reply = JSON.parse(body) as Reply;
      const w = waiting.get(reply.id);
      if (w === undefined) continue;
      waiting.delete(reply.id);
      clearTimeout(w.timer);
      if (reply.status === 'ok') relayed.set(w.key, w.op === 'read' ? (reply.value as number | null) : w.op === 'write' ? (w.value as number) : (w.value as readonly [number, number])[1]);
      send(w.socket, { ...reply, id: w.id });
    }
  });
  socket.on('close', () => {
    if (upstream === socket) upstream = null;
    // Whatever was sent may or may not have been applied: the clients' timeouts record info.
    for (const [fid, w] of waiting) {
      clearTimeout(w.timer);
      waiting.delete(fid);
    }
  });
  upstream = socket;
  return socket;
}

const peerPort = await serve((body, socket) => {
  if (config.id !== primary) return;
  const req = JSON.parse(body) as Request;
  send(socket, { id: req.id, ...apply(req) });
});

const clientPort = await serve((body, socket) => {
  const req = JSON.parse(body) as Request;
  if (config.id === primary) {
    send(socket, { id: req.id, ...apply(req) });
    return;
  }
  if (staleReads && req.op === 'read' && relayed.has(req.key)) {
    send(socket, { id: req.id, status: 'ok', value: relayed.get(req.key) ?? null });
    return;
  }
  const link = primaryLink();
  if (link === null) {
    send(socket, { id: req.id, status: 'fail', reason: 'no-primary' });
    return;
  }
  const fid = nextForward++;
  const timer = setTimeout(() => waiting.delete(fid), FORWARD_TIMEOUT_MS);
  waiting.set(fid, { socket, id: req.id, timer, op: req.op, key: req.key, value: req.value });
  link.write(encodeFrame(JSON.stringify({ ...req, id: fid })));
});

const controlPort = await serve((body, socket) => {
  const req = JSON.parse(body) as { id: number; cmd: string };
  if (req.cmd === 'stop') process.exit(0);
  send(socket, { id: req.id, ok: false, error: `the single-register node has no ${JSON.stringify(req.cmd)} command` });
});

process.stdout.write(`READY ${JSON.stringify({ id: config.id, peerPort, clientPort, controlPort, pid: process.pid })}\n`);
