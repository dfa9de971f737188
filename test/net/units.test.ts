// The parts of the hosted networks that need no root: nftables scripts from grudges, names and
// their run ids, the --hosts file, shell quoting of the ssh prefix, and the local runner itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesScript, setupScript, teardownScript } from '../../src/net/nft.js';
import { bridgeName, namespaceName, newNetRunId, runIdOfLink, runIdOfNamespace, runIdOfTable, tableName, vethName, vethPeerName } from '../../src/net/netns/names.js';
import { parseHostsFile } from '../../src/net/hosts/hosts-file.js';
import { localRunner, netnsRunner, sshRunner } from '../../src/net/hosts/runner.js';
import { shellQuote } from '../../src/history/shell-quote.js';
import { planTopology } from '../../src/net/netns/topology.js';

describe('nftables scripts', () => {
  it('drops the grudge by source address to the peer port, loss at random, heal flushes', () => {
    const s = rulesScript('raft_chaos_abc123', 7001, { dropFrom: ['10.213.5.3', '10.213.5.1'], lossFrom: ['10.213.5.1', '10.213.5.3'], lossPercent: 5 });
    expect(s).toBe(
      'flush chain inet raft_chaos_abc123 input\n' +
        'add rule inet raft_chaos_abc123 input ip saddr { 10.213.5.1, 10.213.5.3 } tcp dport 7001 drop\n' +
        'add rule inet raft_chaos_abc123 input ip saddr { 10.213.5.1, 10.213.5.3 } tcp dport 7001 numgen random mod 100 < 5 drop\n',
    );
    expect(rulesScript('t', 7001, { dropFrom: [], lossFrom: ['10.0.0.1'], lossPercent: 0 })).toBe('flush chain inet t input\n');
    expect(rulesScript('t', 7001, { dropFrom: [], lossFrom: ['10.0.0.1'], lossPercent: 100 })).toContain('tcp dport 7001 drop');
    expect(setupScript('t')).toContain('add chain inet t input { type filter hook input priority 0; policy accept; }');
    expect(teardownScript('t')).toBe('delete table inet t\n');
  });

  it('refuses what is not an address, a port or a whole percent', () => {
    expect(() => rulesScript('t', 7001, { dropFrom: ['10.0.0.1; flush ruleset'], lossFrom: [], lossPercent: 0 })).toThrow(/not an IPv4 address/);
    expect(() => rulesScript('t', 0, { dropFrom: [], lossFrom: [], lossPercent: 0 })).toThrow(/port/);
    expect(() => rulesScript('t', 7001, { dropFrom: [], lossFrom: [], lossPercent: 2.5 })).toThrow(/whole percent/);
  });
});

describe('names', () => {
  it('carry the run id, fit the kernel limit of 15 characters, and give the run id back', () => {
    const id = newNetRunId();
    expect(id).toMatch(/^[a-z0-9]{6}$/);
    for (const link of [bridgeName(id), vethName(id, 9), vethPeerName(id, 9)]) {
      expect(link.length).toBeLessThanOrEqual(15);
      expect(runIdOfLink(link)).toBe(id);
    }
    expect(runIdOfNamespace(namespaceName(id, 3))).toBe(id);
    expect(runIdOfTable(tableName(id))).toBe(id);
    expect(runIdOfNamespace('other-ns')).toBeNull();
    expect(runIdOfLink('eth0')).toBeNull();
  });

  it('plans one address per node on the run subnet, the controller at .254', () => {
    const t = planTopology('abc123', 42, [1, 2, 3]);
    expect(t.controllerAddress).toBe('10.213.42.254');
    expect([...t.nodes.values()].map((n) => n.address)).toEqual(['10.213.42.1', '10.213.42.2', '10.213.42.3']);
  });
});

describe('the --hosts file', () => {
  it('reads user@address lines and settings', () => {
    const f = parseHostsFile(
      ['# test', 'identity /k', 'known-hosts /kh', 'option ConnectTimeout=3', 'port 2222', 'node /usr/bin/node', 'remote-dir /var/tmp/rc/', '', 'root@10.0.0.1', 'admin@10.0.0.2'].join('\n'),
      'hosts',
    );
    expect(f.hosts).toEqual([
      { target: 'root@10.0.0.1', user: 'root', address: '10.0.0.1' },
      { target: 'admin@10.0.0.2', user: 'admin', address: '10.0.0.2' },
    ]);
    expect(f.ssh).toEqual({ identityFile: '/k', knownHostsFile: '/kh', port: 2222, options: ['ConnectTimeout=3'] });
    expect(f.remoteDir).toBe('/var/tmp/rc');
    expect(f.node).toBe('/usr/bin/node');
  });

  it.each([
    ['root@db1.example', /line 1: expected user@address with an IPv4 address/],
    ['10.0.0.1', /line 1: expected user@address/],
    ['root@10.0.0.1\nroot@10.0.0.1', /line 2: address 10.0.0.1 is listed twice/],
    ['port x\nroot@10.0.0.1', /line 1: "port" must be 1..65535/],
    ['remote-dir relative\nroot@10.0.0.1', /"remote-dir" must be an absolute path/],
    ['# nothing', /no user@address lines/],
  ])('refuses %j with one line naming it', (text, message) => {
    expect(() => parseHostsFile(text, 'hosts')).toThrow(message);
  });
});

describe('host runners', () => {
  it('prefix argv as it is for a namespace and as one quoted string for ssh', () => {
    expect(netnsRunner('ns1').command(['kill', '-s', 'STOP', '42'])).toEqual({ file: 'ip', args: ['netns', 'exec', 'ns1', 'kill', '-s', 'STOP', '42'] });
    const ssh = sshRunner('root@10.0.0.1', { identityFile: '/k' }).command(['printf', '%s', "it's a b"]);
    expect(ssh.file).toBe('ssh');
    expect(ssh.args.slice(-3)).toEqual(['root@10.0.0.1', '--', `printf %s 'it'\\''s a b'`]);
    expect(ssh.args).toContain('BatchMode=yes');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('/a/b-c.js')).toBe('/a/b-c.js');
  });

  it('the local runner writes, reads back, and reports a missing file as null', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-runner-'));
    try {
      const r = localRunner();
      await r.writeFile(path.join(dir, 'x y', 'f.txt'), 'a\n"b"\n');
      expect(await r.readFile(path.join(dir, 'x y', 'f.txt'))).toBe('a\n"b"\n');
      expect(await r.readFile(path.join(dir, 'none'))).toBeNull();
      await expect(r.run(['sh', '-c', 'echo oops >&2; exit 3'])).rejects.toThrow(/local: `sh -c .*` failed: oops/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
