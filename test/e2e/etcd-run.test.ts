// Real etcd runs (Debian's etcd-server, 3.4) on the netns network: a short run under partitions,
// crashes and pauses is valid and writes its results and report; serializable reads under
// partitions are caught as not linearizable (the negative control); a missing etcd binary is one
// line with the install command, exit 254; partitions under --net proxy are refused. Needs etcd and
// root: the runs are skipped with a visible notice otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { runTest, type RunOutcome } from '../../src/control/runner/run.js';
import { reproduceArgv, type RunOptions } from '../../src/control/runner/run-options.js';
import { etcdSubject } from '../../src/subjects/etcd/subject.js';
import { findEtcdBinary, ETCD_INSTALL_LINE } from '../../src/subjects/etcd/binary.js';
import { UsageError } from '../../src/util/exit-codes.js';
import { looksNetnsCapable, skipNotice, tracesOf } from '../net/helpers.js';
import { captureOut, e2eOptions, killAll, survivors, tempResultsDir } from './helpers.js';

const CLI = path.resolve('dist/src/cli.js');
const etcdBin = findEtcdBinary();
const capable = looksNetnsCapable();
const canRun = etcdBin !== null && capable;
if (!canRun) skipNotice('test/e2e/etcd-run.test.ts (real etcd runs)', etcdBin === null ? `no etcd on PATH (${ETCD_INSTALL_LINE})` : 'needs root with ip netns and nft');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** One etcd run in a throwaway results directory; no member process survives it. */
async function etcdRun(label: string, over: Partial<RunOptions>, serializable: boolean): Promise<{ outcome: RunOutcome; out: string }> {
  const resultsDir = tempResultsDir(label);
  dirs.push(resultsDir);
  const out = captureOut();
  const options: RunOptions = { ...e2eOptions(resultsDir, { subject: 'etcd', nodes: 3 }), net: undefined, ...over, subjectArgs: serializable ? ['--etcd-serializable'] : [] };
  console.log(`e2e etcd ${label}: seed ${options.seed}; replay: npx raft-chaos ${reproduceArgv({ ...options, net: options.net ?? 'netns' }).join(' ')}`);
  const subject = etcdSubject({ bin: etcdBin as string, serializable });
  let outcome: RunOutcome | null = null;
  try {
    outcome = await runTest(options, { out, subject, ...(options.noReport === true ? { renderReport: null } : {}) });
  } finally {
    const pids = outcome?.pids ?? [];
    const alive = await survivors(pids);
    killAll(alive);
    expect(alive, `etcd members survived the run: ${alive.join(', ')}`).toEqual([]);
  }
  return { outcome, out: out.text() };
}

function networkOf(runDir: string): { network: string; networkDetails: { runId: string } } {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'test.json'), 'utf8')) as { network: string; networkDetails: { runId: string } };
}

describe.skipIf(!canRun)('etcd runs', () => {
  it('3 members on netns (chosen by default) under partition, crash and pause: valid, results.json and report written', { timeout: 120_000 }, async () => {
    const { outcome, out } = await etcdRun('etcd-faults', { nemesis: 'partition,crash,pause', timeLimitS: 15, nemesisIntervalS: 2, seed: 3, noReport: false }, false);
    expect(outcome.valid, out).toBe(true);
    const test = networkOf(outcome.run.dir);
    expect(test.network).toBe('netns');
    const results = JSON.parse(fs.readFileSync(outcome.run.resultsFile, 'utf8')) as {
      valid: boolean;
      checkers: Record<string, { valid: unknown }>;
      subject: { etcd: { oneLeaderPerTerm: { valid: boolean }; memberIds: Record<string, string> }; leaders: { node: number; term: number; fromNs: number; toNs: number }[] };
    };
    expect(results.valid).toBe(true);
    expect(results.checkers.linearizability?.valid).toBe(true);
    expect(results.checkers.invariants?.valid).toBe('not-applicable');
    expect(results.subject.etcd.oneLeaderPerTerm.valid).toBe(true);
    // The status polls' one-leader-per-term check is a checker of the verdict.
    expect(results.checkers.findings?.valid).toBe(true);
    expect(Object.keys(results.subject.etcd.memberIds).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(fs.existsSync(path.join(outcome.run.dir, 'index.html'))).toBe(true);
    // The leadership timeline from the status polls: spans in order, each with a node of the run.
    const spans = results.subject.leaders;
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) expect([1, 2, 3]).toContain(span.node);
    for (let i = 1; i < spans.length; i++) expect((spans[i] as { fromNs: number }).fromNs).toBeGreaterThanOrEqual((spans[i - 1] as { toNs: number }).toNs);
    expect(fs.readFileSync(path.join(outcome.run.dir, 'index.html'), 'utf8')).toContain('"source":"status"');
    const families = new Set(outcome.history.filter((o) => o.process === 'nemesis' && o.type === 'info').map((o) => o.f));
    expect([...families].some((f) => f.includes('partition')), [...families].join(', ')).toBe(true);
    expect(outcome.history.filter((o) => o.type === 'ok').length).toBeGreaterThan(20);
    // Each member kept its data directory under the run's nodes/n<id>/.
    for (const id of [1, 2, 3]) expect(fs.existsSync(path.join(outcome.run.dir, 'nodes', `n${id}`, 'data', 'member'))).toBe(true);
    expect(tracesOf(test.networkDetails.runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
  });

  it('serializable reads under partitions are found not linearizable', { timeout: 420_000 }, async () => {
    // A read or a write every ~10 ms; every 3 s the leader is cut off: the old leader serves its old
    // value to the clients homed on it while the majority elects another and moves on. Timing
    // decides whether a stale read lands in the window, so up to five seeds (each printed): three
    // missed once on a loaded CI machine (seeds 7, 8, 9).
    const seeds = [7, 8, 9, 10, 11];
    const outs: string[] = [];
    for (const seed of seeds) {
      const { outcome, out } = await etcdRun(
        'etcd-serializable',
        { nemesis: 'partition', partitionShapes: 'isolate-leader', timeLimitS: 15, nemesisIntervalS: 3, rate: 100, concurrency: 6, seed },
        true,
      );
      if (outcome.valid === false) {
        expect(outcome.results.checkers.linearizability?.valid).toBe(false);
        return;
      }
      outs.push(out);
    }
    expect.fail(`serializable reads were never found stale in seeds ${seeds.join(', ')}:\n${outs.join('\n')}`);
  });
});

describe.skipIf(etcdBin === null)('etcd on the loopback proxies', () => {
  it('crash and pause under --net proxy: members on 127.0.0.1 at free ports, clients through the proxies, valid', { timeout: 90_000 }, async () => {
    const { outcome, out } = await etcdRun('etcd-proxy-faults', { nemesis: 'crash,pause', timeLimitS: 8, nemesisIntervalS: 2, seed: 5, net: 'proxy' }, false);
    expect(outcome.valid, out).toBe(true);
    expect(networkOf(outcome.run.dir).network).toBe('proxy');
    expect(outcome.history.some((o) => o.process === 'nemesis' && o.f === 'kill')).toBe(true);
  });
});

describe('etcd refusals', () => {
  it('a missing etcd binary is one line with the install command, exit 254', async () => {
    const r = await execa(process.execPath, [CLI, 'run', '--subject', 'etcd', '--etcd-bin', '/nonexistent/etcd', '--nodes', '3', '--time-limit', '1'], { reject: false });
    expect(r.exitCode).toBe(254);
    expect(r.stderr).toContain(ETCD_INSTALL_LINE);
    expect(r.stderr.split('\n')[0]).toMatch(/--etcd-bin \/nonexistent\/etcd is not an executable file/);
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-no-etcd-'));
    try {
      const onPath = await execa(process.execPath, [CLI, 'run', '--subject', 'etcd', '--nodes', '3', '--time-limit', '1'], { reject: false, env: { PATH: bare } });
      expect(onPath.exitCode).toBe(254);
      expect(onPath.stderr).toMatch(/no etcd binary on PATH; install etcd 3.4 with `apt-get install -y etcd-server`/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('partitions under --net proxy are refused before the run (its peers cannot be told apart)', async () => {
    const resultsDir = tempResultsDir('etcd-proxy');
    dirs.push(resultsDir);
    const options = { ...e2eOptions(resultsDir, { subject: 'etcd', nodes: 3, nemesis: 'partition' }), net: 'proxy' as const };
    await expect(runTest(options, { out: captureOut(), subject: etcdSubject({ bin: '/bin/true', serializable: false }), renderReport: null })).rejects.toThrow(UsageError);
    await expect(runTest(options, { out: captureOut(), subject: etcdSubject({ bin: '/bin/true', serializable: false }), renderReport: null })).rejects.toThrow(/--net proxy cannot partition subject etcd/);
    expect(fs.readdirSync(resultsDir).filter((f) => f !== 'latest')).toEqual([]);
  });
});
