// Machines for the ssh tests: a netns network whose namespaces each run OpenSSH's sshd on their own
// address, with a host key and a client key made for the test, and a --hosts file that reaches them
// as root@<address>. Everything is removed by stop() (sshd, keys, the namespaces).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { NetnsNetwork } from '../../../src/net/netns/netns-network.js';
import { localRunner, sshRunner } from '../../../src/net/hosts/runner.js';

export interface SshMachines {
  readonly network: NetnsNetwork;
  readonly dir: string;
  readonly hostsFile: string;
  readonly remoteDir: string;
  readonly identity: string;
  readonly knownHosts: string;
  stop(): Promise<void>;
}

export async function startSshMachines(nodeIds: readonly number[]): Promise<SshMachines> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-sshd-'));
  const network = await NetnsNetwork.create({ nodeIds });
  const daemons: ResultPromise[] = [];
  let createdPrivsepDir = false;
  const stop = async (): Promise<void> => {
    for (const d of daemons) d.kill('SIGKILL');
    await Promise.all(daemons.map((d) => d.catch(() => undefined)));
    await network.close();
    if (createdPrivsepDir) fs.rmSync('/run/sshd', { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const local = localRunner();
    const hostKey = path.join(dir, 'host_key');
    const identity = path.join(dir, 'client_key');
    await local.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'raft-chaos-test-host', '-f', hostKey]);
    await local.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'raft-chaos-test-client', '-f', identity]);
    const authorized = path.join(dir, 'authorized_keys');
    fs.copyFileSync(`${identity}.pub`, authorized);
    const hostPub = fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const knownHosts = path.join(dir, 'known_hosts');
    fs.writeFileSync(knownHosts, nodeIds.map((id) => `${network.address(id)} ${hostPub}\n`).join(''));
    if (!fs.existsSync('/run/sshd')) {
      fs.mkdirSync('/run/sshd', { mode: 0o755 });
      createdPrivsepDir = true;
    }
    for (const id of nodeIds) {
      const config = path.join(dir, `sshd_config_n${id}`);
      fs.writeFileSync(
        config,
        [
          `ListenAddress ${network.address(id)}`,
          'Port 22',
          `HostKey ${hostKey}`,
          `AuthorizedKeysFile ${authorized}`,
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'StrictModes no',
          `PidFile ${path.join(dir, `sshd_n${id}.pid`)}`,
          'MaxStartups 100',
          'MaxSessions 100',
          '',
        ].join('\n'),
      );
      const { file, args } = network.runner(id).command(['/usr/sbin/sshd', '-D', '-e', '-f', config]);
      const child = execa(file, args, { reject: false, stdin: 'ignore', stderr: { file: path.join(dir, `sshd_n${id}.log`) } });
      daemons.push(child);
    }
    const remoteDir = path.join(dir, 'remote');
    const hostsFile = path.join(dir, 'hosts');
    fs.writeFileSync(
      hostsFile,
      [
        '# ssh hosts made for the test: sshd in network namespaces',
        `identity ${identity}`,
        `known-hosts ${knownHosts}`,
        `node ${process.execPath}`,
        `remote-dir ${remoteDir}`,
        ...nodeIds.map((id) => `root@${network.address(id)}`),
        '',
      ].join('\n'),
    );
    // Wait until every sshd answers.
    for (const id of nodeIds) {
      const ssh = sshRunner(`root@${network.address(id)}`, { identityFile: identity, knownHostsFile: knownHosts });
      for (let i = 0; ; i++) {
        const r = await ssh.run(['true'], { allowFailure: true });
        if (r.exitCode === 0) break;
        if (i > 50) throw new Error(`sshd in n${id} does not answer: ${r.stderr.trim()} (log: ${fs.readFileSync(path.join(dir, `sshd_n${id}.log`), 'utf8')})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { network, dir, hostsFile, remoteDir, identity, knownHosts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
