// Link latency, duplication and reordering made by the kernel: tc's netem qdisc on each node
// namespace's eth0, for packets to
// the other nodes only (the controller and the clients are not delayed, as with the user-space
// delay proxies). The root qdisc is a 4-band prio; its default priomap uses bands 1..3 only, so
// band 4 gets nothing but what the u32 filters send it, one filter per peer address, and band 4
// is the netem qdisc. Every packet a node sends to a peer waits delayMs (+- jitterMs): each
// direction of a link is delayed once, at its sender, as the proxies delay each message once.
// Pure: this builds the argv; the network runs it inside the namespace, whose deletion removes it.

export interface NetemDelay {
  /** Delay of every packet to a peer, ms (0 = none). */
  readonly delayMs: number;
  /** Uniform jitter around the delay, ms (0 = none). */
  readonly jitterMs?: number;
  /** Percent of packets sent twice (0 = none). */
  readonly duplicatePercent?: number;
  /** Percent of packets sent at once, ahead of the delayed others (0 = none; needs a delay). */
  readonly reorderPercent?: number;
}

const ADDRESS = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;
const DEVICE = /^[A-Za-z0-9_.-]{1,15}$/;

/** tc's time syntax for a whole or fractional number of milliseconds. */
function ms(value: number): string {
  return `${Number(value.toFixed(3))}ms`;
}

/** The argv of each tc command that delays `dev`'s packets to `peers`, in order. */
export function netemCommands(dev: string, peers: readonly string[], delay: NetemDelay): string[][] {
  if (!DEVICE.test(dev)) throw new Error(`not a device name: ${JSON.stringify(dev)}`);
  for (const p of peers) if (!ADDRESS.test(p)) throw new Error(`not an IPv4 address: ${JSON.stringify(p)}`);
  if (!(delay.delayMs >= 0) || !Number.isFinite(delay.delayMs)) throw new RangeError(`netem delay must be 0 or more ms, got ${delay.delayMs}`);
  const jitterMs = delay.jitterMs ?? 0;
  if (!(jitterMs >= 0) || !Number.isFinite(jitterMs)) throw new RangeError(`netem jitter must be 0 or more ms, got ${jitterMs}`);
  const duplicate = percent('duplicate', delay.duplicatePercent ?? 0);
  const reorder = percent('reorder', delay.reorderPercent ?? 0);
  // netem reorders by sending some packets at once while the others wait out the delay.
  if (reorder > 0 && delay.delayMs === 0) throw new RangeError('netem reordering needs a delay to reorder around');
  if (delay.delayMs === 0 && duplicate === 0) throw new RangeError('netem needs a delay, duplication or reordering to make');
  const netem = [
    'netem',
    ...(delay.delayMs > 0 ? ['delay', ms(delay.delayMs), ...(jitterMs > 0 ? [ms(jitterMs)] : [])] : []),
    ...(reorder > 0 ? ['reorder', `${reorder}%`] : []),
    ...(duplicate > 0 ? ['duplicate', `${duplicate}%`] : []),
  ];
  return [
    ['tc', 'qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', 'prio', 'bands', '4'],
    ['tc', 'qdisc', 'add', 'dev', dev, 'parent', '1:4', 'handle', '40:', ...netem],
    ...[...new Set(peers)].sort().map((peer) => ['tc', 'filter', 'add', 'dev', dev, 'parent', '1:0', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'dst', `${peer}/32`, 'flowid', '1:4']),
  ];
}

function percent(what: string, value: number): number {
  if (!(value >= 0 && value <= 100) || !Number.isFinite(value)) throw new RangeError(`netem ${what} must be a percent from 0 to 100, got ${value}`);
  return value;
}
