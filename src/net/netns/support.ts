// Can this machine make a netns network? Checked before anything of a run starts: root, the `ip`
// and `nft` commands, a namespace that can be created and deleted, nftables inside it, and whether
// the kernel has the netem qdisc (without it, latency stays in user space).
import { localRunner, netnsRunner } from '../hosts/runner.js';

export interface NetnsSupport {
  /** null when netns runs can be made; else one line saying why not. */
  readonly missing: string | null;
  /** The kernel has tc's netem qdisc. */
  readonly netem: boolean;
  /** The kernel's own answer to the netem probe (for test.json and the report). */
  readonly netemProbe: string;
}

export async function probeNetnsSupport(): Promise<NetnsSupport> {
  const no = (missing: string): NetnsSupport => ({ missing, netem: false, netemProbe: 'not probed' });
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return no('root (network namespaces and nftables need it)');
  const local = localRunner();
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['nft', 'nftables'],
    ['tc', 'iproute2'],
  ] as const) {
    const found = await local.run(['sh', '-c', `command -v ${tool}`], { allowFailure: true });
    if (found.exitCode !== 0) return no(`the \`${tool}\` command (Debian package ${pkg})`);
  }
  const probe = `rcprobe-${process.pid}`;
  const made = await local.run(['ip', 'netns', 'add', probe], { allowFailure: true });
  if (made.exitCode !== 0) return no(`network namespaces (ip netns add: ${made.stderr.trim() || `exit ${made.exitCode}`})`);
  try {
    const ns = netnsRunner(probe);
    const nft = await ns.run(['nft', 'add', 'table', 'inet', 'rcprobe'], { allowFailure: true });
    if (nft.exitCode !== 0) return no(`nftables in a namespace (nft: ${nft.stderr.trim() || `exit ${nft.exitCode}`})`);
    const netem = await ns.run(['tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'], { allowFailure: true });
    const netemProbe = netem.exitCode === 0 ? 'tc qdisc add ... netem: ok' : `tc qdisc add ... netem: ${netem.stderr.trim() || `exit ${netem.exitCode}`}`;
    return { missing: null, netem: netem.exitCode === 0, netemProbe };
  } finally {
    await local.run(['ip', 'netns', 'del', probe], { allowFailure: true });
  }
}

/** The one line a run prints when it cannot make a netns network. */
export function netnsUnsupportedMessage(missing: string): string {
  return `--net netns needs ${missing}, which this machine does not give; run as root where namespaces work, or use --net proxy`;
}
