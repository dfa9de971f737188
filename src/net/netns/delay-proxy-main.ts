// User-space link latency inside a node's namespace, for kernels without netem: one LinkProxy per
// peer on the namespace's loopback, forwarding to the peer's address with a delay. The node dials
// these instead of its peers; the forwarded connection leaves from the namespace's own address, so
// the peers' firewall rules (by source address) still apply to it.
//   node delay-proxy-main.js --latency-ms 20 --to 2=10.213.5.2:7001 --to 3=10.213.5.3:7001
// Prints `PROXIES {"2":port,...}` once listening; stops when its stdin closes or its parent goes.
import { LinkProxy } from '../../control/network/proxy.js';

import { PROXIES_PREFIX } from './delay-proxy-protocol.js';

function parseArgs(argv: readonly string[]): { latencyMs: number; targets: Map<number, { host: string; port: number }> } {
  let latencyMs = 0;
  const targets = new Map<number, { host: string; port: number }>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    if (flag === '--latency-ms') {
      latencyMs = Number(value);
      if (!(latencyMs >= 0)) throw new Error(`--latency-ms must be >= 0, got ${value}`);
      i++;
    } else if (flag === '--to') {
      const m = /^(\d+)=([0-9.]+):(\d+)$/.exec(value);
      if (!m) throw new Error(`--to must be <peer id>=<address>:<port>, got ${value}`);
      targets.set(Number(m[1]), { host: m[2] as string, port: Number(m[3]) });
      i++;
    } else {
      throw new Error(`unknown argument ${flag}`);
    }
  }
  return { latencyMs, targets };
}

async function main(): Promise<void> {
  const parentPid = process.ppid;
  const { latencyMs, targets } = parseArgs(process.argv.slice(2));
  const proxies: LinkProxy[] = [];
  const ports: Record<string, number> = {};
  for (const [peer, target] of targets) {
    const proxy = new LinkProxy({ name: `->n${peer}`, blockMode: 'refuse' });
    const address = await proxy.listen();
    proxy.setTarget(target);
    proxy.setLatency(latencyMs);
    proxies.push(proxy);
    ports[String(peer)] = address.port;
  }
  const stop = (): void => {
    void Promise.all(proxies.map((p) => p.close())).finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  setInterval(() => {
    if (process.ppid !== parentPid) stop();
  }, 500).unref();
  process.stdout.write(`${PROXIES_PREFIX}${JSON.stringify(ports)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`delay proxy: ${(err as Error).message}\n`);
  process.exit(2);
});
