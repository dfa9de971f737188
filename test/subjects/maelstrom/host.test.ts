// The host driven directly, with the test's Python node (fixtures/naive-kv.py): init, routing,
// crash / restart / pause, and each misbehaviour as a finding. Every process is stopped, and the
// test checks none survives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostStartError, MaelstromHost } from '../../../src/subjects/maelstrom/host.js';
import { isAlive } from '../../../src/subjects/process/reaper.js';
import { seededRng } from '../../../src/util/rng.js';
import type { Body } from '../../../src/subjects/maelstrom/protocol.js';

const NODE = path.join(import.meta.dirname, 'fixtures', 'naive-kv.py');
const hosts: MaelstromHost[] = [];

function makeHost(extra: string[] = [], initTimeoutMs?: number): MaelstromHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-mhost-'));
  const host = new MaelstromHost({
    argv: ['python3', NODE, ...extra],
    nodeCount: 3,
    nodesDir: path.join(dir, 'nodes'),
    rng: seededRng(1),
    nowS: () => performance.now() / 1000,
    ...(initTimeoutMs !== undefined ? { initTimeoutMs } : {}),
  });
  hosts.push(host);
  return host;
}

async function gone(pids: readonly number[]): Promise<boolean> {
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    if (pids.every((p) => !isAlive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

afterEach(async () => {
  for (const h of hosts.splice(0)) {
    await h.stop(200);
    expect(await gone(h.allPids())).toBe(true);
  }
});

/** A client "c1" that awaits replies by msg_id. */
function client(host: MaelstromHost, name = 'c1') {
  const waiting = new Map<number, (b: Body) => void>();
  let next = 0;
  host.registerClient(name, (body) => {
    const w = waiting.get(body.in_reply_to ?? -1);
    if (w === undefined) return 'unsolicited';
    waiting.delete(body.in_reply_to as number);
    w(body);
    return 'ok';
  });
  return (node: number, body: Omit<Body, 'msg_id'>, timeoutMs = 2000): Promise<Body | 'timeout'> => {
    const id = ++next;
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve('timeout'), timeoutMs);
      waiting.set(id, (b) => (clearTimeout(t), resolve(b)));
      host.clientSend(name, node, { ...body, msg_id: id } as Body);
    });
  };
}

describe('MaelstromHost', () => {
  it('inits every node in its own directory and routes between nodes and clients', async () => {
    const host = makeHost();
    await host.start();
    expect(host.nodeIds.map((id) => host.stateOf(id))).toEqual(['running', 'running', 'running']);
    expect(fs.readFileSync(path.join(host.cwdOf(2), 'stderr.log'), 'utf8')).toContain("init as n1 of ['n0', 'n1', 'n2']");
    const rpc = client(host);
    // A write at n1 is forwarded to n0 (node-to-node traffic) and answered back at n1.
    expect(await rpc(2, { type: 'write', key: 1, value: 7 })).toMatchObject({ type: 'write_ok' });
    await new Promise((r) => setTimeout(r, 100));
    expect(await rpc(3, { type: 'read', key: 1 })).toMatchObject({ type: 'read_ok', value: 7 });
    const links = host.network.stats();
    expect(links.find((l) => l.from === 2 && l.to === 1)?.delivered).toBeGreaterThan(0);
    expect(host.findings.findings).toEqual([]);
  });

  it('partitions through the network: a cut-off node serves a stale read (the naive node is broken)', async () => {
    const host = makeHost();
    await host.start();
    const rpc = client(host);
    await rpc(1, { type: 'write', key: 'x', value: 1 });
    await new Promise((r) => setTimeout(r, 100));
    host.partition(new Map([[3, new Set([1, 2])]]));
    await rpc(1, { type: 'write', key: 'x', value: 2 });
    expect(await rpc(3, { type: 'read', key: 'x' })).toMatchObject({ value: 1 });
    expect(host.network.stats().find((l) => l.from === 1 && l.to === 3)?.partitioned).toBeGreaterThan(0);
  });

  it('kills with SIGKILL, restarts a fresh process sent init again, pauses and resumes', async () => {
    const host = makeHost();
    await host.start();
    const rpc = client(host);
    const firstPid = host.allPids()[1]!;
    await host.kill([2]);
    expect(host.stateOf(2)).toBe('dead');
    expect(isAlive(firstPid)).toBe(false);
    expect(await rpc(2, { type: 'read', key: 1 }, 300)).toBe('timeout');
    await host.restart([2]);
    expect(host.stateOf(2)).toBe('running');
    expect(host.allPids()).toHaveLength(4);
    expect(fs.readFileSync(path.join(host.cwdOf(2), 'stderr.log'), 'utf8').match(/init as n1/g)).toHaveLength(2);
    expect(await rpc(2, { type: 'read', key: 1 })).toMatchObject({ type: 'read_ok', value: null });

    const pid = host.allPids()[3]!;
    host.pause([2]);
    await new Promise((r) => setTimeout(r, 100));
    expect(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]).toBe('T');
    const during = rpc(2, { type: 'read', key: 1 }, 3000);
    await new Promise((r) => setTimeout(r, 300));
    host.resume([2]);
    expect(await during).toMatchObject({ type: 'read_ok' }); // answered once it runs again
    expect(() => host.setClock()).toThrow(/no clock ability/);
    expect(host.findings.findings).toEqual([]);
  });

  it.each([
    ['not-json', 'not-a-message', 'this is not a message'],
    ['unknown-dest', 'unknown-destination', '"dest": "n99"'],
  ])('records --misbehave %s as a %s violation with the line', async (mode, kind, line) => {
    const host = makeHost(['--misbehave', mode]);
    await host.start();
    await new Promise((r) => setTimeout(r, 200));
    const f = host.findings.findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind, node: 'n1', violation: true });
    expect(f[0]!.line).toContain(line);
    expect(f[0]!.timeS).toBeGreaterThan(0);
  });

  it('records a reply to a msg_id the client never sent', async () => {
    const host = makeHost(['--misbehave', 'unsolicited']);
    await host.start();
    const rpc = client(host);
    expect(await rpc(2, { type: 'read', key: 1 })).toMatchObject({ type: 'read_ok' });
    await new Promise((r) => setTimeout(r, 100));
    expect(host.findings.findings.map((f) => [f.kind, f.node, f.violation])).toEqual([['reply-never-requested', 'n1', true]]);
    expect(host.findings.findings[0]!.line).toContain('999999');
  });

  it('fails the start naming a node that never answers init, and kills it', async () => {
    const host = makeHost(['--misbehave', 'silent-init'], 8000);
    const error = await host.start().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(HostStartError);
    expect((error as Error).message).toMatch(/^node n1 did not answer init within 8 s/);
    expect(host.stateOf(2)).toBe('dead');
    expect(host.findings.findings.some((f) => f.kind === 'init-not-answered' && f.node === 'n1')).toBe(true);
  });

  it('fails the start naming a node that exits before init_ok', async () => {
    const host = makeHost(['--misbehave', 'exit-start']);
    await expect(host.start()).rejects.toThrow(/node n1 exited \(code 3\) before answering init/);
    expect(host.findings.findings.map((f) => [f.kind, f.node])).toEqual([['exit-at-start', 'n1']]);
  });

  it('records a node that exits on its own mid-run, and tells the run', async () => {
    const host = makeHost(['--misbehave', 'exit-mid']);
    const exits: number[] = [];
    host.onUnexpectedExit = (node) => exits.push(node);
    await host.start();
    for (let waited = 0; exits.length === 0 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(exits).toEqual([2]);
    expect(host.stateOf(2)).toBe('dead');
    expect(host.findings.findings.map((f) => [f.kind, f.node, f.violation])).toEqual([['exit-mid-run', 'n1', false]]);
  });

  it('records a binary that cannot be started at all', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-mhost-'));
    const host = new MaelstromHost({ argv: ['/no/such/binary'], nodeCount: 3, nodesDir: dir, rng: seededRng(1), nowS: () => 0 });
    hosts.push(host);
    await expect(host.start()).rejects.toThrow(/exited \(could not be started: spawn \/no\/such\/binary ENOENT\) before answering init/);
  });
});
