// The ssh host runner against real sshd processes (in network namespaces, with keys made for the
// test): run a command, write a file and read it back, start a process and signal it, add a
// firewall rule; and the ssh network's rules really drop. Needs root; skipped with a notice otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { looksNetnsCapable, skipNotice, tracesOf } from './helpers.js';
import { startSshMachines, type SshMachines } from './helpers/sshd.js';
import { sshRunner } from '../../src/net/hosts/runner.js';
import { readHostsFile } from '../../src/net/hosts/hosts-file.js';
import { SshNetwork } from '../../src/net/hosts/ssh-network.js';
import { greeterScript, probeTcp } from './helpers.js';

const capable = looksNetnsCapable();
if (!capable) skipNotice('test/net/ssh-runner.test.ts', 'needs root with ip netns, nft and sshd');

describe.skipIf(!capable)('ssh host runner', () => {
  let machines: SshMachines;
  beforeAll(async () => {
    machines = await startSshMachines([1, 2]);
  }, 120_000);
  afterAll(async () => {
    const runId = machines?.network.runId;
    await machines?.stop();
    if (runId !== undefined) expect(tracesOf(runId)).toEqual({ namespaces: [], links: [], rootRules: '' });
  });

  const ssh = (id: number) => sshRunner(`root@${machines.network.address(id)}`, { identityFile: machines.identity, knownHostsFile: machines.knownHosts });

  it('runs commands on the host, in its namespace', async () => {
    const r = await ssh(1).run(['sh', '-c', 'ip -4 -o addr show dev eth0']);
    expect(r.stdout).toContain(machines.network.address(1));
    // Arguments with spaces and quotes arrive as they were.
    const echo = await ssh(2).run(['printf', '%s|', "it's", 'a b', '$HOME']);
    expect(echo.stdout).toBe("it's|a b|$HOME|");
  });

  it('writes a file and reads it back', async () => {
    const file = `${machines.remoteDir}/t/a file.txt`;
    await ssh(1).writeFile(file, 'line 1\nline "2"\n');
    expect(await ssh(1).readFile(file)).toBe('line 1\nline "2"\n');
    expect(await ssh(1).readFile(`${machines.remoteDir}/missing`)).toBeNull();
  });

  it('starts a process, stops and continues it, kills it by its remote pid', async () => {
    const { file, args } = ssh(2).command(['sh', '-c', 'echo PID $$; exec sleep 30']);
    const child = execa(file, args, { reject: false, stdin: 'ignore' });
    const pid = await new Promise<number>((resolve) => {
      child.stdout?.on('data', (c: Buffer) => {
        const m = /PID (\d+)/.exec(c.toString());
        if (m) resolve(Number(m[1]));
      });
    });
    expect(await ssh(2).isAlive(pid)).toBe(true);
    await ssh(2).signal(pid, 'SIGSTOP');
    const state = await ssh(2).run(['sh', '-c', `cut -d' ' -f3 /proc/${pid}/stat`]);
    expect(state.stdout.trim()).toBe('T');
    await ssh(2).signal(pid, 'SIGCONT');
    await ssh(2).signal(pid, 'SIGKILL');
    await child;
    expect(await ssh(2).isAlive(pid)).toBe(false);
  });

  it('the ssh network adds drop rules on the hosts that really drop, and removes them', async () => {
    const net = await SshNetwork.create(readHostsFile(machines.hostsFile), [1, 2]);
    const greeter = execa(...(() => {
      const c = machines.network.runner(2).command([process.execPath, '-e', greeterScript(machines.network.address(2), [7001], 'n2')]);
      return [c.file, c.args] as const;
    })(), { reject: false, stdin: 'ignore' });
    try {
      const from1 = () => probeTcp(machines.network.runner(1), machines.network.address(2), 7001);
      for (let i = 0; i < 30 && (await from1()) !== 'said:n2'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await from1()).toBe('said:n2');
      await net.partition(new Map([[2, new Set([1])]]));
      expect(await net.listRules(2)).toMatch(new RegExp(`ip saddr ${machines.network.address(1).replaceAll('.', '\\.')} tcp dport 7001 counter packets \\d+ bytes \\d+ drop`));
      expect(await from1()).toBe('timeout');
      await net.partition(new Map());
      expect(await from1()).toBe('said:n2');
      // The rule counted 1's packets that fell at 2.
      expect(net.partitionDrops()['1->2']).toBeGreaterThan(0);
      expect(net.describe()['partitionDrops']).toEqual(net.partitionDrops());
    } finally {
      greeter.kill('SIGKILL');
      await net.close();
    }
    const tables = await ssh(2).run(['nft', 'list', 'tables']);
    expect(tables.stdout).not.toContain(net.runId);
  });
});
