// Can this machine make a netns network? Checked before anything of a run starts: root, the `ip`
// and `nft` commands, a namespace that can be created and deleted, nftables inside it, and whether
// the kernel has what the netem path needs (the prio and netem qdiscs, u32 filters; without them,
// latency stays in user space).
import { localRunner, netnsRunner } from '../hosts/runner.js';
import { netemCommands } from './netem.js';

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
    // The very commands a run would use (prio, netem under it, a u32 filter), on the probe's lo.
    for (const argv of netemCommands('lo', ['127.0.0.2'], { delayMs: 1 })) {
      const r = await ns.run(argv, { allowFailure: true });
      if (r.exitCode !== 0) {
        const kind = argv.find((a) => a === 'prio' || a === 'netem' || a === 'u32') ?? '';
        return { missing: null, netem: false, netemProbe: `${argv.slice(0, 3).join(' ')} ... ${kind}: ${r.stderr.trim() || `exit ${r.exitCode}`}` };
      }
    }
    return { missing: null, netem: true, netemProbe: 'tc qdisc add ... prio, netem; tc filter add ... u32: ok' };
  } finally {
    await local.run(['ip', 'netns', 'del', probe], { allowFailure: true });
  }
}

/** The one line a run prints when it cannot make a netns network. */
export function netnsUnsupportedMessage(missing: string): string {
  return `--net netns needs ${missing}, which this machine does not give; run as root where namespaces work, or use --net proxy`;
}
