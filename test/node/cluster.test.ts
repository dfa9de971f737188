// Real node processes (compiled dist/), wired directly to each other. The vitest global setup
// builds dist/ first (unless RAFT_CHAOS_SKIP_BUILD=1). Every process is killed in afterEach.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/node/framing.js';
import type { ClientReply, ControlReply } from '../../src/node/protocol.js';
import { SNAPSHOT_FILE, WAL_FILE } from '../../src/node/storage/file-storage.js';
import { spawn } from 'node:child_process';
import { Cluster, MAIN_JS } from './cluster-harness.js';
import { flipByte } from './flip-byte.js';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

function readEvents(file: string): { kind: string; [field: string]: unknown }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { kind: string });
}

function rawSend(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

describe('node processes', () => {
  it('elect a leader, keep every acknowledged write across a kill -9 and restart of the leader', async () => {
    const c = (cluster = await Cluster.create(3));
    await Promise.all([1, 2, 3].map((id) => c.start(id)));
    const leader = await c.waitForLeader();

    // Concurrent writes, one key each, through the leader's client endpoint.
    const acknowledged = new Map<string, number>();
    const fsyncsBefore = (await c.status(leader)).fsyncs!;
    const client = await c.client(leader);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        client.call<ClientReply>({ clientId: `c${i % 10}`, seq: Math.floor(i / 10) + 1, op: 'write', key: `k${i}`, value: i }),
      ),
    );
    // A stalled CI machine can lose the leadership mid-burst: a redirected write was not accepted,
    // so it is sent again through whoever leads now (same client and seq, so at most once).
    for (const [i, first] of replies.entries()) {
      const reply =
        first.status === 'redirect'
          ? await c.request({ clientId: `c${i % 10}`, seq: Math.floor(i / 10) + 1, op: 'write', key: `k${i}`, value: i })
          : first;
      expect(reply.status).toBe('ok');
      acknowledged.set(`k${i}`, i);
    }
    // Group commit: 200 concurrent writes share fsyncs (one per Ready, many entries each).
    const fsyncsForBurst = (await c.status(leader)).fsyncs! - fsyncsBefore;
    console.log(`fsyncs for 200 concurrent writes: ${fsyncsForBurst}`);
    expect(fsyncsForBurst).toBeGreaterThan(0);
    expect(fsyncsForBurst).toBeLessThan(50);
    // One register written again and again.
    for (let v = 1; v <= 20; v++) {
      const reply = await c.request({ clientId: 'seq', seq: v, op: 'write', key: 'reg', value: v });
      expect(reply.status).toBe('ok');
      acknowledged.set('reg', v);
    }

    const killed = await c.waitForLeader(); // the leader now, which the burst may have changed
    expect(await c.kill9(killed)).toBeNull(); // killed by a signal: no exit code
    const next = await c.waitForLeader();
    expect(next).not.toBe(killed);
    await c.start(killed);
    // The restarted node catches up from its own WAL and the new leader.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [restarted, current] = [await c.status(killed), await c.status(next)];
      if (restarted.applied >= current.commit && restarted.applied > 0) break;
      if (Date.now() > deadline) throw new Error(`n${killed} did not catch up: ${JSON.stringify(restarted)}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    let seq = 1;
    for (const [key, value] of acknowledged) {
      const reply = await c.request({ clientId: 'reader', seq: seq++, op: 'read', key });
      expect(reply, key).toEqual({ id: expect.any(Number), status: 'ok', value });
    }

    const events = readEvents(c.node(killed).config.eventLogPath);
    const boots = events.filter((e) => e.kind === 'boot');
    expect(boots).toHaveLength(2);
    expect(boots[1]!.lastIndex as number).toBeGreaterThanOrEqual(221);
    expect(events.filter((e) => e.kind === 'apply').length).toBeGreaterThanOrEqual(221);
  });

  it('brings a lagging follower back with a snapshot and survives a kill -9 of every node', async () => {
    const c = (cluster = await Cluster.create(3, { snapshotEveryEntries: 20 }));
    await Promise.all([1, 2, 3].map((id) => c.start(id)));
    const leader = await c.waitForLeader();
    const follower = (leader % 3) + 1;
    await c.kill9(follower);
    const client = await c.client(leader);
    const replies = await Promise.all(
      Array.from({ length: 150 }, (_, i) => client.call<ClientReply>({ clientId: `c${i}`, seq: 1, op: 'write', key: `k${i % 30}`, value: i })),
    );
    expect(replies.every((r) => r.status === 'ok')).toBe(true);
    await c.start(follower);
    const deadline = Date.now() + 10_000;
    while ((await c.status(follower)).applied < (await c.status(leader)).commit) {
      if (Date.now() > deadline) throw new Error(`n${follower} did not catch up`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const events = readEvents(c.node(follower).config.eventLogPath);
    expect(events.some((e) => e.kind === 'snapshot' && e.installed === true)).toBe(true);

    await Promise.all([1, 2, 3].map((id) => c.kill9(id)));
    await Promise.all([1, 2, 3].map((id) => c.start(id)));
    await c.waitForLeader();
    // Writes to one key raced each other, so any of them may be last; but every key was written.
    for (let k = 0; k < 30; k++) {
      const reply = await c.request({ clientId: 'reader', seq: k + 1, op: 'read', key: `k${k}` });
      expect(reply.status).toBe('ok');
      const value = (reply as { value: number }).value;
      expect(value % 30).toBe(k);
    }
  });

  it('survives garbage frames on the client, peer and control ports', async () => {
    const c = (cluster = await Cluster.create(3));
    await Promise.all([1, 2, 3].map((id) => c.start(id)));
    await c.waitForLeader();
    const n1 = c.node(1).config;
    const oversize = Buffer.alloc(8);
    oversize.writeUInt32BE(0x7fffffff, 0);
    for (const port of [n1.clientPort!, n1.peerPort!, n1.controlPort!]) {
      await rawSend(port, oversize);
      await rawSend(port, encodeFrame('{not json'));
      await rawSend(port, encodeFrame('[1,2,3]'));
      await rawSend(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    }
    await rawSend(n1.clientPort!, encodeFrame(JSON.stringify({ id: 1, clientId: 'x', seq: 1, op: 'drop', key: 'k' })));
    await rawSend(n1.peerPort!, Buffer.concat([encodeFrame('{"type":"hello","from":2}'), encodeFrame('{"type":"Nope"}')]));
    const status = await c.status(1);
    expect(status.id).toBe(1);
    expect(c.node(1).process).not.toBeNull();
    const reply = await c.request({ clientId: 'after', seq: 1, op: 'write', key: 'k', value: 1 });
    expect(reply.status).toBe('ok');
    const log = c.node(1).output.join('\n');
    expect(log).toMatch(/closing connection: malformed frame/);
    expect(log).toMatch(/closing connection: .*"op" must be "read", "write" or "cas"/);
    expect(log).toMatch(/closing connection: malformed Raft message/);
    for (const line of c.node(1).output) expect(line.startsWith('n1 ') || line.startsWith('READY ')).toBe(true);
  });

  it('sets its clock from the control endpoint and rejects a bad rate', async () => {
    const c = (cluster = await Cluster.create(1));
    await c.start(1);
    await c.waitForLeader();
    const control = await c.control(1);
    const set = await control.call<ControlReply>({ cmd: 'clock', offsetMs: 5000, rate: 2 });
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    expect(set.status.clockRate).toBe(2);
    expect(set.status.clockOffsetMs).toBeGreaterThanOrEqual(5000);
    await new Promise((r) => setTimeout(r, 200));
    const later = await c.status(1);
    // At rate 2 the offset grows by about the true time elapsed (200 ms here).
    expect(later.clockOffsetMs).toBeGreaterThan(set.status.clockOffsetMs + 100);
    const bad = await control.call<ControlReply>({ cmd: 'clock', offsetMs: 0, rate: 0 });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/rate .* got 0/) });
    // A forward jump of 5 s is caught up with at most two election timeouts of ticks: the single
    // node stays leader and keeps serving.
    expect((await c.request({ clientId: 'w', seq: 1, op: 'write', key: 'k', value: 1 })).status).toBe('ok');
  });

  it('stops gracefully on SIGTERM and on a control stop, with exit code 0', async () => {
    const c = (cluster = await Cluster.create(3));
    await Promise.all([1, 2, 3].map((id) => c.start(id)));
    const exited = c.waitExit(1);
    c.node(1).process!.kill('SIGTERM');
    expect(await exited).toBe(0);
    const control = await c.control(2);
    const exited2 = c.waitExit(2);
    const reply = await control.call<{ ok: boolean }>({ cmd: 'stop' });
    expect(reply.ok).toBe(true);
    expect(await exited2).toBe(0);
  });

  it('refuses to start on a corrupt WAL, naming the file and byte offset (exit 3)', async () => {
    const c = (cluster = await Cluster.create(1));
    await c.start(1);
    await c.waitForLeader();
    for (let v = 1; v <= 5; v++) expect((await c.request({ clientId: 'w', seq: v, op: 'write', key: 'k', value: v })).status).toBe('ok');
    await c.kill9(1);
    const walPath = path.join(c.node(1).config.dataDir, WAL_FILE);
    const bytes = fs.readFileSync(walPath);
    flipByte(bytes, 12, 0xff); // inside the first record; valid records follow it
    fs.writeFileSync(walPath, bytes);
    await expect(c.start(1)).rejects.toThrow(/exited \(code 3/);
    expect(c.node(1).output.join('\n')).toContain(`corrupt storage in ${walPath} at byte offset 0:`);
  });

  describe('refuses storage it cannot start from with one storage line and exit 3', () => {
    /** A one-node cluster that wrote and snapshotted, then was killed; returns its storage paths. */
    async function writtenAndKilled(): Promise<{ c: Cluster; walPath: string; snapshotPath: string }> {
      const c = (cluster = await Cluster.create(1, { snapshotEveryEntries: 3 }));
      await c.start(1);
      await c.waitForLeader();
      for (let v = 1; v <= 8; v++) expect((await c.request({ clientId: 'w', seq: v, op: 'write', key: 'k', value: v })).status).toBe('ok');
      await c.kill9(1);
      const dataDir = c.node(1).config.dataDir;
      const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
      expect(fs.existsSync(snapshotPath)).toBe(true);
      return { c, walPath: path.join(dataDir, WAL_FILE), snapshotPath };
    }

    /** The node's one ERROR line, after checking that it exited 3 without a stack. */
    async function refusal(c: Cluster, as: { uid: number; gid: number } | null = null): Promise<string> {
      await expect(c.start(1, 10_000, as)).rejects.toThrow(/exited \(code 3/);
      const errors = c.node(1).output.filter((line) => line.includes('ERROR'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).not.toMatch(/unexpected|\| at /);
      return errors[0]!;
    }

    it('a flipped byte in the last complete (fsync\'d) WAL record: corruption naming the file and offset, nothing cut', async () => {
      const { c, walPath } = await writtenAndKilled();
      const bytes = fs.readFileSync(walPath);
      let dataEnd = bytes.length;
      while (dataEnd > 0 && bytes[dataEnd - 1] === 0) dataEnd--; // the zeros after it are preallocated
      flipByte(bytes, dataEnd - 3, 0x01);
      fs.writeFileSync(walPath, bytes);
      const line = await refusal(c);
      expect(line).toMatch(new RegExp(`^n1 ERROR corrupt storage in ${walPath} at byte offset \\d+: checksum mismatch .*in a complete record`));
      expect(c.node(1).output.join('\n')).not.toMatch(/WARN .*torn record/);
      expect(fs.readFileSync(walPath).equals(bytes)).toBe(true);
    });

    it('a snapshot whose WAL is missing: names the missing wal.log', async () => {
      const { c, walPath, snapshotPath } = await writtenAndKilled();
      fs.rmSync(walPath);
      expect(await refusal(c)).toMatch(
        new RegExp(`^n1 ERROR missing storage: ${walPath} is missing, yet ${snapshotPath} holds a snapshot through index \\d+: the term and vote`),
      );
    });

    it('a WAL or a snapshot that is a directory', async () => {
      const { c, walPath, snapshotPath } = await writtenAndKilled();
      const walBytes = fs.readFileSync(walPath);
      fs.rmSync(walPath);
      fs.mkdirSync(walPath);
      expect(await refusal(c)).toBe(`n1 ERROR unusable storage: ${walPath} is a directory, not a file; refusing to start`);
      fs.rmdirSync(walPath);
      fs.writeFileSync(walPath, walBytes);
      fs.rmSync(snapshotPath);
      fs.mkdirSync(snapshotPath);
      c.node(1).output = [];
      expect(await refusal(c)).toBe(`n1 ERROR unusable storage: ${snapshotPath} is a directory, not a file; refusing to start`);
    });

    it('a read-only WAL (the node runs as an unprivileged user when the test runs as root)', async () => {
      const { c, walPath } = await writtenAndKilled();
      const root = process.getuid?.() === 0;
      // nobody: for root, file modes do not stop a write.
      const as = root ? { uid: 65534, gid: 65534 } : null;
      if (root) {
        const n1 = path.dirname(c.node(1).configPath);
        fs.chmodSync(c.dir, 0o755);
        for (const file of fs.readdirSync(n1)) if (fs.statSync(path.join(n1, file)).isFile()) fs.chmodSync(path.join(n1, file), 0o666);
        for (const target of [n1, c.node(1).config.dataDir]) fs.chmodSync(target, 0o777);
      }
      fs.chmodSync(walPath, 0o444);
      const line = await refusal(c, as);
      expect(line).toBe(
        `n1 ERROR unusable storage: ${walPath} is not readable and writable by this process (permission denied) (EACCES in open); refusing to start`,
      );
    });
  });

  it('cuts a torn WAL tail with a warning and keeps the rest', async () => {
    const c = (cluster = await Cluster.create(1));
    await c.start(1);
    await c.waitForLeader();
    for (let v = 1; v <= 5; v++) expect((await c.request({ clientId: 'w', seq: v, op: 'write', key: 'k', value: v })).status).toBe('ok');
    await c.kill9(1);
    const walPath = path.join(c.node(1).config.dataDir, WAL_FILE);
    fs.appendFileSync(walPath, Buffer.from([0, 0, 0, 200, 1, 2, 3]));
    await c.start(1);
    expect(c.node(1).output.join('\n')).toMatch(/n1 WARN .*torn record at byte offset/);
    await c.waitForLeader();
    const reply = await c.request({ clientId: 'r', seq: 1, op: 'read', key: 'k' });
    expect(reply).toMatchObject({ status: 'ok', value: 5 });
  });

  it('stops by itself when the process that started it is killed with SIGKILL (no orphan)', async () => {
    const c = (cluster = await Cluster.create(1));
    // A parent that starts the node and waits; the test kills the parent, not the node.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, [${JSON.stringify(MAIN_JS)}, '--config', ${JSON.stringify(c.node(1).configPath)}], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (d) => { if (String(d).includes('READY')) console.log(child.pid); });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      expect(alive(childPid)).toBe(true);
      parent.kill('SIGKILL');
      const deadline = Date.now() + 5000;
      while (alive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(alive(childPid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (alive(childPid)) process.kill(childPid, 'SIGKILL');
    }
  });

  it('logs an unexpected error with its stack on one line and exits 1', async () => {
    const c = (cluster = await Cluster.create(1));
    const config = JSON.parse(fs.readFileSync(c.node(1).configPath, 'utf8')) as Record<string, unknown>;
    // The event log path is a directory: opening it fails, which no code path expects.
    fs.writeFileSync(c.node(1).configPath, JSON.stringify({ ...config, eventLogPath: c.dir }));
    await expect(c.start(1)).rejects.toThrow(/exited \(code 1/);
    const errors = c.node(1).output.filter((line) => line.includes('ERROR'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^n1 ERROR unexpected error: Error: EISDIR.* \| at /);
  });

  it('exits 2 with one clear line on a bad config', async () => {
    const c = (cluster = await Cluster.create(1));
    const config = JSON.parse(fs.readFileSync(c.node(1).configPath, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(c.node(1).configPath, JSON.stringify({ ...config, readMode: 'sometimes' }));
    await expect(c.start(1)).rejects.toThrow(/exited \(code 2/);
    expect(c.node(1).output).toHaveLength(1);
    expect(c.node(1).output[0]).toMatch(/"readMode" must be "log", "read-index", "lease", "local", got "sometimes"/);
  });
});
