// The command line of one etcd member: its name, its own peer and client URLs (on its own address
// and ports, never etcd's defaults 2379 / 2380), the initial cluster of every member, a cluster token
// of the run, and its data directory. etcd 3.4 serves its JSON gateway on the client URL.
import type { Address } from '../types.js';

export interface MemberPlace {
  readonly id: number;
  /** Where the member listens for its peers (and where they dial it). */
  readonly peer: Address;
  /** Where the member listens for clients (/v3/..., /health). */
  readonly client: Address;
}

export interface MemberArgvOptions {
  readonly member: MemberPlace;
  readonly members: readonly MemberPlace[];
  readonly clusterToken: string;
  readonly dataDir: string;
  readonly preVote: boolean;
}

/** etcd's name of our node `id`. */
export function memberName(id: number): string {
  return `n${id}`;
}

const url = (a: Address): string => `http://${a.host}:${a.port}`;

/** The arguments after the etcd binary. */
export function memberArgv(o: MemberArgvOptions): string[] {
  const { member } = o;
  return [
    '--name', memberName(member.id),
    '--data-dir', o.dataDir,
    '--listen-peer-urls', url(member.peer),
    '--initial-advertise-peer-urls', url(member.peer),
    '--listen-client-urls', url(member.client),
    '--advertise-client-urls', url(member.client),
    '--initial-cluster', o.members.map((m) => `${memberName(m.id)}=${url(m.peer)}`).join(','),
    '--initial-cluster-token', o.clusterToken,
    '--initial-cluster-state', 'new',
    `--pre-vote=${o.preVote}`,
    '--logger', 'zap',
    '--log-outputs', 'stderr',
  ];
}
