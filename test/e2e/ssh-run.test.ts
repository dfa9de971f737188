// A real run over ssh (Jepsen's control node and db nodes): the hosts are network namespaces running
// OpenSSH's sshd with keys made for the test, reached as root@<address> from a --hosts file. Every
// host operation goes through ssh; nodes keep their files in a remote folder whose event logs are
// read back. The partitioned run is valid and leaves nothing on the hosts. Needs root.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';
import { looksNetnsCapable, skipNotice, tracesOf } from '../net/helpers.js';
import { startSshMachines, type SshMachines } from '../net/helpers/sshd.js';
import { nodePaths } from '../../src/history/store.js';
import { nodePidsOf, tempResultsDir } from './helpers.js';
import { isAlive } from '../../src/subjects/process/reaper.js';

const capable = looksNetnsCapable() && fs.existsSync('/usr/sbin/sshd');
if (!capable) skipNotice('test/e2e/ssh-run.test.ts', 'needs root with ip netns, nft and /usr/sbin/sshd');

describe.skipIf(!capable)('a run over ssh', () => {
  let machines: SshMachines;
  beforeAll(async () => {
    machines = await startSshMachines([1, 2, 3]);
  }, 120_000);
  afterAll(async () => {
    const runId = machines?.network.runId;
    await machines?.stop();
    cleanRunDirs();
    if (runId !== undefined) expect(tracesOf(runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
  });

  it('is valid under partitions, with the event logs read back from the hosts', async () => {
    const { outcome, out } = await realRun('ssh-partition', {
      net: 'ssh',
      hostsFile: machines.hostsFile,
      nodes: 3,
      nemesis: 'partition',
      timeLimitS: 12,
      nemesisIntervalS: 3,
      seed: 21,
    });
    expect(outcome.valid, out).toBe(true);
    const test = JSON.parse(fs.readFileSync(outcome.run.testFile, 'utf8')) as { networkDetails: { name: string; runId: string; hosts: Record<string, { address: string }> } };
    expect(test.networkDetails.name).toBe('ssh');
    expect(test.networkDetails.hosts['2']?.address).toBe(machines.network.address(2));
    const partitions = outcome.history.filter((o) => o.process === 'nemesis' && o.f === 'start-partition' && o.type === 'info');
    expect(partitions.length).toBeGreaterThan(0);
    // The nodes wrote their events on their hosts; the run read them back and checked them.
    for (const id of [1, 2, 3]) {
      const events = fs.readFileSync(nodePaths(outcome.run, id).eventLog, 'utf8');
      expect(events.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThan(0);
    }
    expect(outcome.results.checkers.invariants?.valid).toBe(true);
    // Nothing is left on the hosts: no remote folder, no firewall table.
    expect(fs.existsSync(`${machines.remoteDir}/${test.networkDetails.runId}`)).toBe(false);
    for (const id of [1, 2, 3]) {
      const tables = await machines.network.runner(id).run(['nft', 'list', 'tables']);
      expect(tables.stdout).not.toContain(test.networkDetails.runId);
    }
  }, 180_000);

  it('after a SIGKILL of the controller the remote nodes stop, and `raft-chaos clean --hosts` removes the firewall tables', async () => {
    const resultsDir = tempResultsDir('ssh-sigkill');
    const cli = path.resolve('dist/src/cli.js');
    const child = execa(process.execPath, [cli, 'run', '--net', 'ssh', '--hosts', machines.hostsFile, '--nodes', '3', '--time-limit', '60', '--nemesis', 'partition', '--nemesis-interval', '2', '--results-dir', resultsDir, '--no-report', '--seed', '4'], { reject: false, stdin: 'ignore', all: true });
    try {
      await new Promise<void>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no [run] line within 120 s:\n${text}`)), 120_000);
        child.all?.on('data', (c: Buffer) => {
          text += c.toString();
          if (/\[run\] .*ok [1-9]/.test(text)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const runDir = fs.realpathSync(path.join(resultsDir, 'latest'));
      const runId = (JSON.parse(fs.readFileSync(path.join(runDir, 'test.json'), 'utf8')) as { networkDetails: { runId: string } }).networkDetails.runId;
      const pids = nodePidsOf(runDir);
      expect(pids.length).toBe(3);
      child.kill('SIGKILL');
      await child;
      // The ssh sessions' stdin closed with the controller: each host stops its node.
      for (let i = 0; i < 150 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
      expect(pids.filter(isAlive)).toEqual([]);
      const tablesBefore = await machines.network.runner(1).run(['nft', 'list', 'tables']);
      expect(tablesBefore.stdout).toContain(runId);
      const clean = await execa(process.execPath, [cli, 'clean', '--hosts', machines.hostsFile], { reject: false });
      expect(clean.exitCode, clean.stderr).toBe(0);
      expect(clean.stdout).toContain(`removed table inet raft_chaos_${runId}`);
      for (const id of [1, 2, 3]) expect((await machines.network.runner(id).run(['nft', 'list', 'tables'])).stdout).not.toContain(runId);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  }, 240_000);
});
