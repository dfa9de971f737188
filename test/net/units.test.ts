// The parts of the hosted networks that need no root: nftables scripts from grudges, names and
// their run ids, the --hosts file, shell quoting of the ssh prefix, and the local runner itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDropCounters, rulesScript, setupScript, teardownScript } from '../../src/net/nft.js';
import { bridgeName, namespaceName, newNetRunId, runIdOfLink, runIdOfNamespace, runIdOfTable, tableName, vethName, vethPeerName } from '../../src/net/netns/names.js';
import { parseHostsFile } from '../../src/net/hosts/hosts-file.js';
import { localRunner, netnsRunner, sshRunner } from '../../src/net/hosts/runner.js';
import { shellQuote } from '../../src/history/shell-quote.js';
import { planTopology } from '../../src/net/netns/topology.js';
import { netemCommands } from '../../src/net/netns/netem.js';

describe('nftables scripts', () => {
  it('drops the grudge by source address to the peer port (one counted rule per address), loss at random, heal flushes', () => {
    const s = rulesScript('raft_chaos_abc123', 7001, { dropFrom: ['10.213.5.3', '10.213.5.1'], lossFrom: ['10.213.5.1', '10.213.5.3'], lossPercent: 5 });
    expect(s).toBe(
      'flush chain inet raft_chaos_abc123 input\n' +
        'add rule inet raft_chaos_abc123 input ip saddr 10.213.5.1 tcp dport 7001 counter drop\n' +
        'add rule inet raft_chaos_abc123 input ip saddr 10.213.5.3 tcp dport 7001 counter drop\n' +
        'add rule inet raft_chaos_abc123 input ip saddr { 10.213.5.1, 10.213.5.3 } tcp dport 7001 numgen random mod 100 < 5 drop\n',
    );
    expect(rulesScript('t', 7001, { dropFrom: [], lossFrom: ['10.0.0.1'], lossPercent: 0 })).toBe('flush chain inet t input\n');
    expect(rulesScript('t', 7001, { dropFrom: [], lossFrom: ['10.0.0.1'], lossPercent: 100 })).toContain('tcp dport 7001 drop');
    expect(setupScript('t')).toContain('add chain inet t input { type filter hook input priority 0; policy accept; }');
    expect(teardownScript('t')).toBe('delete table inet t\n');
  });

  it('reads the packets each partition rule dropped from `nft list table`, not the random-loss rule', () => {
    const listing = [
      'table inet raft_chaos_abc123 {',
      '\tchain input {',
      '\t\ttype filter hook input priority filter; policy accept;',
      '\t\tip saddr 10.213.5.1 tcp dport 7001 counter packets 12 bytes 720 drop',
      '\t\tip saddr 10.213.5.3 tcp dport 7001 counter packets 0 bytes 0 drop',
      '\t\tip saddr { 10.213.5.1, 10.213.5.3 } tcp dport 7001 numgen random mod 100 < 5 drop',
      '\t\tip saddr 10.213.5.4 tcp dport 9999 counter packets 7 bytes 1 drop',
      '\t}',
      '}',
    ].join('\n');
    expect(parseDropCounters(listing, 7001)).toEqual(new Map([['10.213.5.1', 12], ['10.213.5.3', 0]]));
    expect(parseDropCounters('', 7001)).toEqual(new Map());
  });

  it('refuses what is not an address, a port or a whole percent', () => {
    expect(() => rulesScript('t', 7001, { dropFrom: ['10.0.0.1; flush ruleset'], lossFrom: [], lossPercent: 0 })).toThrow(/not an IPv4 address/);
    expect(() => rulesScript('t', 0, { dropFrom: [], lossFrom: [], lossPercent: 0 })).toThrow(/port/);
    expect(() => rulesScript('t', 7001, { dropFrom: [], lossFrom: [], lossPercent: 2.5 })).toThrow(/whole percent/);
  });
});

describe('netem commands (built here; this kernel has no netem or prio qdisc, so they are not run here)', () => {
  it('a 4-band prio root, netem under band 4, one u32 filter per peer address into band 4', () => {
    expect(netemCommands('eth0', ['10.213.5.3', '10.213.5.2'], { delayMs: 40 })).toEqual([
      ['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '1:', 'prio', 'bands', '4'],
      ['tc', 'qdisc', 'add', 'dev', 'eth0', 'parent', '1:4', 'handle', '40:', 'netem', 'delay', '40ms'],
      ['tc', 'filter', 'add', 'dev', 'eth0', 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'dst', '10.213.5.2/32', 'flowid', '1:4'],
      ['tc', 'filter', 'add', 'dev', 'eth0', 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'dst', '10.213.5.3/32', 'flowid', '1:4'],
    ]);
  });

  it('adds jitter when asked, keeps fractions of a millisecond, refuses bad input', () => {
    expect(netemCommands('eth0', ['10.0.0.1'], { delayMs: 2.5, jitterMs: 1 })[1]?.slice(-4)).toEqual(['netem', 'delay', '2.5ms', '1ms']);
    expect(netemCommands('eth0', ['10.0.0.1'], { delayMs: 5, jitterMs: 0 })[1]?.slice(-3)).toEqual(['netem', 'delay', '5ms']);
    expect(() => netemCommands('eth0', ['10.0.0.1'], { delayMs: 0 })).toThrow(/needs a delay, duplication or reordering/);
    expect(() => netemCommands('eth0', ['10.0.0.1'], { delayMs: -1 })).toThrow(/0 or more/);
    expect(() => netemCommands('eth0', ['10.0.0.1'], { delayMs: 5, jitterMs: -1 })).toThrow(/jitter/);
    expect(() => netemCommands('eth0; reboot', ['10.0.0.1'], { delayMs: 5 })).toThrow(/device/);
    expect(() => netemCommands('eth0', ['10.0.0.1/8'], { delayMs: 5 })).toThrow(/IPv4/);
  });
});

describe('netem duplication and reordering (built here, not run: this kernel has no netem)', () => {
  it('duplicates with or without a delay, reorders around a delay, and refuses what netem cannot do', () => {
    expect(netemCommands('eth0', ['10.0.0.1'], { delayMs: 0, duplicatePercent: 5 })[1]?.slice(-3)).toEqual(['netem', 'duplicate', '5%']);
    expect(netemCommands('eth0', ['10.0.0.1'], { delayMs: 20, reorderPercent: 25, duplicatePercent: 1 })[1]?.slice(-7)).toEqual([
      'netem', 'delay', '20ms', 'reorder', '25%', 'duplicate', '1%',
    ]);
    expect(() => netemCommands('eth0', ['10.0.0.1'], { delayMs: 0, reorderPercent: 10 })).toThrow(/reordering needs a delay/);
    expect(() => netemCommands('eth0', ['10.0.0.1'], { delayMs: 5, duplicatePercent: 101 })).toThrow(/percent from 0 to 100/);
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
