// Names of everything a netns network creates, all carrying the run id, so two runs never collide
// and leftovers of a run are found by name. Interface names stay within the kernel's 15 characters.
import crypto from 'node:crypto';

/** Six lower-case letters or digits. */
export type NetRunId = string;

const RUN_ID = /^[a-z0-9]{6}$/;

export function newNetRunId(): NetRunId {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(6);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export function isNetRunId(text: string): boolean {
  return RUN_ID.test(text);
}

/** The namespace of node `id`: rchaos-<run>-n<id>. */
export function namespaceName(runId: NetRunId, id: number): string {
  return `rchaos-${runId}-n${id}`;
}

/** The bridge every node's veth joins: rch<run>br. */
export function bridgeName(runId: NetRunId): string {
  return `rch${runId}br`;
}

/** The root-namespace end of node `id`'s veth pair: rch<run>v<id>. */
export function vethName(runId: NetRunId, id: number): string {
  return `rch${runId}v${id}`;
}

/** The namespace end before it is moved and renamed eth0: rch<run>p<id>. */
export function vethPeerName(runId: NetRunId, id: number): string {
  return `rch${runId}p${id}`;
}

/** The nftables table of a run, inside each node's namespace (or on each ssh host). */
export function tableName(runId: NetRunId): string {
  return `raft_chaos_${runId}`;
}

const NAMESPACE = /^rchaos-([a-z0-9]{6})-n\d+$/;
const LINK = /^rch([a-z0-9]{6})(?:br|v\d+|p\d+)$/;
const TABLE = /^raft_chaos_([a-z0-9]{6})$/;

/** The run id in a namespace name of ours, or null. */
export function runIdOfNamespace(name: string): NetRunId | null {
  return NAMESPACE.exec(name)?.[1] ?? null;
}

/** The run id in a link (bridge or veth) name of ours, or null. */
export function runIdOfLink(name: string): NetRunId | null {
  return LINK.exec(name)?.[1] ?? null;
}

/** The run id in an nftables table name of ours, or null. */
export function runIdOfTable(name: string): NetRunId | null {
  return TABLE.exec(name)?.[1] ?? null;
}
