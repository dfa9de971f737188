// A real run over ssh (Jepsen's control node and db nodes): the hosts are network namespaces running
// OpenSSH's sshd with keys made for the test, reached as root@<address> from a --hosts file. Every
// host operation goes through ssh; nodes keep their files in a remote folder whose event logs are
// read back. The partitioned run is valid and leaves nothing on the hosts. Needs root.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';
import { looksNetnsCapable, skipNotice, tracesOf } from '../net/helpers.js';
import { startSshMachines, type SshMachines } from '../net/helpers/sshd.js';
import { nodePaths } from '../../src/history/store.js';

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
});
