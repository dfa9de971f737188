// The --hosts FILE of an ssh run: one `user@address` line per node (node ids 1, 2, ... in order),
// plus optional settings lines. Blank lines and lines starting with # are ignored.
//
//   identity /home/me/.ssh/raft-chaos        private key (ssh -i)
//   known-hosts /home/me/.ssh/known_hosts    host keys to trust (StrictHostKeyChecking=yes)
//   option ConnectTimeout=5                  any ssh -o option (repeatable)
//   port 22                                  ssh port
//   node /usr/bin/node                       Node.js on the hosts (default: node)
//   main /opt/raft-chaos/dist/src/node/main.js   the node program on the hosts (default: this checkout's path)
//   remote-dir /var/tmp/raft-chaos           where nodes keep their files (default /tmp/raft-chaos)
//   root@10.0.0.11
//   root@10.0.0.12
//   root@10.0.0.13
import fs from 'node:fs';
import type { SshOptions } from './runner.js';

export interface HostsFile {
  readonly hosts: readonly { readonly target: string; readonly user: string; readonly address: string }[];
  readonly ssh: SshOptions;
  readonly node: string | null;
  readonly main: string | null;
  readonly remoteDir: string;
}

export class HostsFileError extends Error {
  override name = 'HostsFileError';
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseHostsFile(text: string, source: string): HostsFile {
  const hosts: { target: string; user: string; address: string }[] = [];
  const options: string[] = [];
  let identityFile: string | undefined;
  let knownHostsFile: string | undefined;
  let port: number | undefined;
  let node: string | null = null;
  let main: string | null = null;
  let remoteDir = '/tmp/raft-chaos';
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source} line ${index + 1}`;
    const [word, ...rest] = line.split(/\s+/);
    const value = rest.join(' ');
    const needValue = (): string => {
      if (value === '') throw new HostsFileError(`${where}: "${word}" needs a value`);
      return value;
    };
    switch (word) {
      case 'identity':
        identityFile = needValue();
        return;
      case 'known-hosts':
        knownHostsFile = needValue();
        return;
      case 'option':
        if (!/^[A-Za-z]+=\S+$/.test(value)) throw new HostsFileError(`${where}: "option" must be Name=value, got ${JSON.stringify(value)}`);
        options.push(value);
        return;
      case 'port':
        port = Number(needValue());
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HostsFileError(`${where}: "port" must be 1..65535, got ${JSON.stringify(value)}`);
        return;
      case 'node':
        node = needValue();
        return;
      case 'main':
        main = needValue();
        return;
      case 'remote-dir':
        remoteDir = needValue().replace(/\/+$/, '');
        if (!remoteDir.startsWith('/') || remoteDir === '') throw new HostsFileError(`${where}: "remote-dir" must be an absolute path other than /`);
        return;
      default: {
        const m = /^([A-Za-z_][A-Za-z0-9_.-]*)@(.+)$/.exec(line);
        const ip = m ? IPV4.exec(m[2] as string) : null;
        if (!m || rest.length > 0 || ip === null || ip.slice(1).some((p) => Number(p) > 255)) {
          throw new HostsFileError(`${where}: expected user@address with an IPv4 address (the nodes' firewall rules match it), got ${JSON.stringify(line)}`);
        }
        if (hosts.some((h) => h.address === m[2])) throw new HostsFileError(`${where}: address ${m[2]} is listed twice`);
        hosts.push({ target: line, user: m[1] as string, address: m[2] as string });
      }
    }
  });
  if (hosts.length === 0) throw new HostsFileError(`${source}: no user@address lines`);
  const ssh: SshOptions = {
    ...(identityFile !== undefined ? { identityFile } : {}),
    ...(knownHostsFile !== undefined ? { knownHostsFile } : {}),
    ...(port !== undefined ? { port } : {}),
    options,
  };
  return { hosts, ssh, node, main, remoteDir };
}

export function readHostsFile(file: string): HostsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new HostsFileError(`cannot read --hosts ${file}: ${(err as Error).message}`);
  }
  return parseHostsFile(text, file);
}
