// The namespaces of one run: a bridge in the root namespace holding the controller's address
// (<subnet>.254), and for each node a namespace joined to the bridge by a veth pair, its end named
// eth0 with the node's address (<subnet>.<id>). Traffic stays on the bridge: no route leaves it.
// Removal deletes the veths and the bridge explicitly (the kernel frees a namespace's devices
// lazily) and then the namespaces; every step tolerates what is already gone.
import { HostRunner, localRunner } from '../hosts/runner.js';
import { bridgeName, namespaceName, vethName, vethPeerName, type NetRunId } from './names.js';
import { SUBNET_PREFIX } from './state.js';

export interface Topology {
  readonly runId: NetRunId;
  readonly subnet: number;
  readonly bridge: string;
  /** The controller's address on the bridge. */
  readonly controllerAddress: string;
  readonly nodes: ReadonlyMap<number, { readonly namespace: string; readonly veth: string; readonly address: string }>;
}

export function planTopology(runId: NetRunId, subnet: number, nodeIds: readonly number[]): Topology {
  for (const id of nodeIds) if (!Number.isInteger(id) || id < 1 || id > 99) throw new RangeError(`node id ${id} out of 1..99`);
  const base = `${SUBNET_PREFIX}.${subnet}`;
  return {
    runId,
    subnet,
    bridge: bridgeName(runId),
    controllerAddress: `${base}.254`,
    nodes: new Map(nodeIds.map((id) => [id, { namespace: namespaceName(runId, id), veth: vethName(runId, id), address: `${base}.${id}` }])),
  };
}

/** Create the bridge and every node's namespace; on failure whatever was made is removed again. */
export async function createTopology(topology: Topology, ip: HostRunner = localRunner()): Promise<void> {
  const { runId, bridge } = topology;
  try {
    await ip.run(['ip', 'link', 'add', bridge, 'type', 'bridge']);
    await ip.run(['ip', 'addr', 'add', `${topology.controllerAddress}/24`, 'dev', bridge]);
    await ip.run(['ip', 'link', 'set', bridge, 'up']);
    await Promise.all(
      [...topology.nodes].map(async ([id, n]) => {
        const peer = vethPeerName(runId, id);
        await ip.run(['ip', 'netns', 'add', n.namespace]);
        await ip.run(['ip', 'link', 'add', n.veth, 'type', 'veth', 'peer', 'name', peer]);
        await ip.run(['ip', 'link', 'set', peer, 'netns', n.namespace]);
        await ip.run(['ip', 'link', 'set', n.veth, 'master', bridge, 'up']);
        await ip.run(['ip', '-n', n.namespace, 'link', 'set', peer, 'name', 'eth0']);
        await ip.run(['ip', '-n', n.namespace, 'addr', 'add', `${n.address}/24`, 'dev', 'eth0']);
        await ip.run(['ip', '-n', n.namespace, 'link', 'set', 'eth0', 'up']);
        await ip.run(['ip', '-n', n.namespace, 'link', 'set', 'lo', 'up']);
      }),
    );
  } catch (err) {
    await removeNetDevices(runId, [...topology.nodes.keys()], ip);
    throw err;
  }
}

/** Remove a run's veths, bridge and namespaces (by name; missing ones are skipped). */
export async function removeNetDevices(runId: NetRunId, nodeIds: readonly number[], ip: HostRunner = localRunner()): Promise<void> {
  await Promise.all(nodeIds.map((id) => ip.run(['ip', 'link', 'del', vethName(runId, id)], { allowFailure: true })));
  await ip.run(['ip', 'link', 'del', bridgeName(runId)], { allowFailure: true });
  await Promise.all(nodeIds.map((id) => ip.run(['ip', 'netns', 'del', namespaceName(runId, id)], { allowFailure: true })));
}

/** Names of every namespace on this machine (`ip netns list`). */
export async function listNamespaces(ip: HostRunner = localRunner()): Promise<string[]> {
  const r = await ip.run(['ip', 'netns', 'list'], { allowFailure: true });
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** Names of every link of the root namespace (`ip -o link show`), without the @peer suffix. */
export async function listLinks(ip: HostRunner = localRunner()): Promise<string[]> {
  const r = await ip.run(['ip', '-o', 'link', 'show'], { allowFailure: true });
  return r.stdout
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
    .filter((n) => n !== '');
}

/** IPv4 addresses of the root namespace. */
export async function rootAddresses(ip: HostRunner = localRunner()): Promise<string[]> {
  const r = await ip.run(['ip', '-4', '-o', 'addr', 'show'], { allowFailure: true });
  return [...r.stdout.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1] as string);
}
