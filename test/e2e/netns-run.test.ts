// Real runs on the netns network (a namespace per node, kernel faults): a partitioned run is valid
// and leaves nothing behind; a one-way partition shows as a node that still hears but is not heard;
// user-space link latency shows in the latencies; Ctrl-C, SIGTERM and SIGKILL of the controller
// leave nothing (the last after `raft-chaos clean`); a non-root run stops at once with exit 254.
// Needs root: skipped with a visible notice otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';
import { looksNetnsCapable, skipNotice, tracesOf } from '../net/helpers.js';
import { NetnsNetwork } from '../../src/net/netns/netns-network.js';
import { Cluster } from '../../src/subjects/raft-chaos/cluster.js';
import { DEFAULT_NODE_SETTINGS } from '../../src/subjects/raft-chaos/node-settings.js';
import { createRunDir } from '../../src/history/store.js';
import { removeLeftovers } from '../../src/net/netns/leftovers.js';
import { tempResultsDir } from './helpers.js';

const capable = looksNetnsCapable();
if (!capable) skipNotice('test/e2e/netns-run.test.ts', 'needs root with ip netns and nft');

const CLI = path.resolve('dist/src/cli.js');

function networkOf(runDir: string): { runId: string; name: string } {
  return (JSON.parse(fs.readFileSync(path.join(runDir, 'test.json'), 'utf8')) as { networkDetails: { runId: string; name: string } }).networkDetails;
}

const nothingLeft = { namespaces: [], links: [], rootRules: '' };

afterAll(() => cleanRunDirs());

describe.skipIf(!capable)('netns runs', () => {
  it('a partitioned run on the netns network is valid, its faults are kernel rules, nothing is left', async () => {
    const { outcome, out } = await realRun('netns-partition', { net: 'netns', nodes: 3, nemesis: 'partition', timeLimitS: 10, nemesisIntervalS: 2, seed: 11 });
    expect(outcome.valid, out).toBe(true);
    const net = networkOf(outcome.run.dir);
    expect(net.name).toBe('netns');
    const starts = outcome.history.filter((o) => o.process === 'nemesis' && o.f === 'start-partition' && o.type === 'info');
    expect(starts.length).toBeGreaterThan(0);
    expect(outcome.results.checkers.invariants?.valid).toBe(true);
    expect(tracesOf(net.runId)).toEqual(nothingLeft);
  });

  it('link latency (netem where the kernel has it, user-space proxies here) shows in the write latencies', async () => {
    const { outcome, out } = await realRun('netns-latency', { net: 'netns', nodes: 3, nemesis: 'none', timeLimitS: 6, linkLatencyMs: 40, seed: 12 });
    expect(outcome.valid, out).toBe(true);
    const test = JSON.parse(fs.readFileSync(outcome.run.testFile, 'utf8')) as { networkDetails: { latencyMs: number; latency: string; latencyPath: string; netem: { available: boolean; probe: string } } };
    expect(test.networkDetails.latencyMs).toBe(40);
    if (test.networkDetails.netem.available) {
      expect(test.networkDetails.latencyPath).toBe('kernel netem');
    } else {
      expect(test.networkDetails.latencyPath).toBe('user-space delay proxies');
      expect(test.networkDetails.latency).toContain(`the kernel has no netem qdisc: ${test.networkDetails.netem.probe}`);
    }
    const perf = outcome.results.checkers.perf as unknown as { byF: Record<string, { byOutcome: { ok: { latencyMs: { p50: number } } } }> };
    // A write commits after a round trip to a follower: at least 2 x 40 ms.
    expect(perf.byF.write?.byOutcome.ok.latencyMs.p50, `no write was acknowledged: ${out}`).not.toBeNull();
    expect(perf.byF.write?.byOutcome.ok.latencyMs.p50).toBeGreaterThanOrEqual(75);
    expect(tracesOf(networkOf(outcome.run.dir).runId)).toEqual(nothingLeft);
  });
});

describe.skipIf(!capable)('netns one-way partition', () => {
  it('a leader that nobody hears, but that hears everybody, learns of the new leader', async () => {
    const network = await NetnsNetwork.create({ nodeIds: [1, 2, 3] });
    const dir = tempResultsDir('netns-oneway');
    const run = createRunDir(dir, 'oneway', 'partition', new Date());
    const cluster = await Cluster.create({
      run,
      nodeIds: [1, 2, 3],
      settings: { ...DEFAULT_NODE_SETTINGS, readMode: 'read-index' },
      runEpochMs: Date.now(),
      seed: 5,
      network,
    });
    try {
      await cluster.start();
      const old = await cluster.waitForLeader(15_000);
      if (old === null) throw new Error('no leader');
      const oldTerm = cluster.statuses().get(old)?.term ?? 0;
      const others = [1, 2, 3].filter((n) => n !== old);
      // Every other node drops what `old` sends; `old` drops nothing.
      await cluster.partition(new Map(others.map((n) => [n, new Set([old])])));
      let seen: { leader: number | null; term: number } | null = null;
      for (let i = 0; i < 100; i++) {
        await cluster.pollAll();
        const s = cluster.statuses().get(old);
        const fresh = others.map((n) => cluster.statuses().get(n)).find((st) => st?.role === 'leader');
        if (s && fresh && s.leader === fresh.id && s.term === fresh.term && s.role === 'follower') {
          seen = { leader: s.leader, term: s.term };
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(seen, 'the old leader never followed the new one').not.toBeNull();
      expect(others).toContain(seen?.leader);
      expect(seen?.term).toBeGreaterThan(oldTerm);
      // And it is still not heard: the others' view of it does not come from it (their rules drop it).
      for (const n of others) expect(await network.listRules(n)).toMatch(new RegExp(`ip saddr ${network.address(old).replaceAll('.', '\\.')} tcp dport 7001 counter packets [1-9]\\d* bytes \\d+ drop`));
      await cluster.partition(new Map());
    } finally {
      await cluster.stop();
      await network.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(tracesOf(network.runId)).toEqual(nothingLeft);
  });
});

/** Start the CLI on the netns network, wait until it runs clients, return it with its run dir. */
async function startCliRun(label: string): Promise<{ child: ReturnType<typeof execa>; resultsDir: string; runDir: () => string }> {
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), `raft-chaos-${label}-`));
  const child = execa(process.execPath, [CLI, 'run', '--net', 'netns', '--nodes', '3', '--time-limit', '60', '--nemesis', 'partition', '--nemesis-interval', '1', '--results-dir', resultsDir, '--no-report', '--seed', '3'], {
    reject: false,
    stdin: 'ignore',
    all: true,
  });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    // Generous: the machine may be loaded (the run itself is not timed).
    const timer = setTimeout(() => reject(new Error(`no [run] line within 90 s:\n${text}`)), 90_000);
    child.all?.on('data', (c: Buffer) => {
      text += c.toString();
      if (/\[run\] .*ok [1-9]/.test(text) && /faults: partition/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { child, resultsDir, runDir: () => fs.realpathSync(path.join(resultsDir, 'latest')) };
}

describe.skipIf(!capable)('netns clean-up after a stop', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during a partition: the run stops, is checked, and leaves nothing`, async () => {
      const { child, resultsDir, runDir } = await startCliRun(`netns-${signal}`);
      try {
        const runId = networkOf(runDir()).runId;
        expect(tracesOf(runId).namespaces).toHaveLength(3);
        // process.kill, not child.kill: execa follows a SIGTERM with a SIGKILL after 5 s.
        process.kill(child.pid as number, signal);
        const r = await child;
        expect([0, 1, 2]).toContain(r.exitCode);
        expect(fs.existsSync(path.join(runDir(), 'results.json'))).toBe(true);
        expect(tracesOf(runId)).toEqual(nothingLeft);
      } finally {
        child.kill('SIGKILL');
        fs.rmSync(resultsDir, { recursive: true, force: true });
      }
    }, 180_000);
  }

  it('Ctrl-C twice (the nodes are killed at once, then the check): nothing is left', async () => {
    const { child, resultsDir, runDir } = await startCliRun('netns-twice');
    try {
      const runId = networkOf(runDir()).runId;
      process.kill(child.pid as number, 'SIGINT');
      // A second signal counts only when it comes more than a second after the first.
      await new Promise((r) => setTimeout(r, 1500));
      try {
        process.kill(child.pid as number, 'SIGINT');
      } catch {
        /* the run already ended after the first signal: what is checked below still holds */
      }
      const r = await child;
      expect([0, 1, 2]).toContain(r.exitCode);
      expect(tracesOf(runId)).toEqual(nothingLeft);
    } finally {
      child.kill('SIGKILL');
      await removeLeftovers();
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('SIGKILL of the controller: the nodes go, `raft-chaos clean` removes the rest by run id', async () => {
    const { child, resultsDir, runDir } = await startCliRun('netns-sigkill');
    try {
      const runId = networkOf(runDir()).runId;
      child.kill('SIGKILL');
      await child;
      expect(tracesOf(runId).namespaces).toHaveLength(3);
      const clean = await execa(process.execPath, [CLI, 'clean'], { reject: false });
      expect(clean.exitCode, clean.stderr).toBe(0);
      expect(clean.stdout).toContain(`run ${runId}`);
      expect(clean.stdout).toMatch(/removed 3 namespace/);
      expect(tracesOf(runId)).toEqual(nothingLeft);
    } finally {
      child.kill('SIGKILL');
      await removeLeftovers();
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('SIGKILL of the controller: the next netns network removes the leftovers first', async () => {
    const { child, resultsDir, runDir } = await startCliRun('netns-next');
    try {
      const runId = networkOf(runDir()).runId;
      child.kill('SIGKILL');
      await child;
      const next = await NetnsNetwork.create({ nodeIds: [1, 2, 3] });
      await next.close();
      expect(next.removedLeftovers.map((t) => t.runId)).toContain(runId);
      expect(tracesOf(runId)).toEqual(nothingLeft);
    } finally {
      child.kill('SIGKILL');
      await removeLeftovers();
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe.skipIf(!capable)('netns refused', () => {
  it('a run that cannot make namespaces (not root) stops before anything starts, exit 254, suggesting --net proxy', async () => {
    const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-netns-noroot-'));
    fs.chmodSync(resultsDir, 0o777);
    try {
      const r = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'run', '--net', 'netns', '--results-dir', resultsDir], { reject: false });
      expect(r.exitCode, r.stderr).toBe(254);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/--net netns needs root.*--net proxy/);
      expect(fs.readdirSync(resultsDir)).toEqual([]);
    } finally {
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  });
});
