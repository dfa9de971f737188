// What a netns run has made, written down before it makes it: one record per run under
// /run/raft-chaos/netns/ (a tmpfs, gone at reboot like the namespaces themselves), naming the
// controller that owns it. A record whose owner is gone marks leftovers that the next run, or
// `raft-chaos clean`, removes. The subnet of a run is claimed with an exclusive file, so two runs
// started at once never share one.
import fs from 'node:fs';
import path from 'node:path';
import type { NetRunId } from './names.js';

export const SUBNET_PREFIX = '10.213';

export interface NetnsRecord {
  readonly runId: NetRunId;
  readonly ownerPid: number;
  /** The owner's start time (field 22 of /proc/<pid>/stat), so a reused pid is not taken for it. */
  readonly ownerStart: string | null;
  /** Third octet of the run's /24 (SUBNET_PREFIX.<subnet>.0/24). */
  readonly subnet: number;
  readonly nodeIds: readonly number[];
  readonly createdAt: string;
  /** The results directory of the run, when known. */
  readonly runDir?: string;
}

export function stateDir(): string {
  return process.env.RAFT_CHAOS_NET_STATE_DIR ?? '/run/raft-chaos/netns';
}

const recordFile = (runId: NetRunId): string => path.join(stateDir(), `${runId}.json`);
const claimFile = (subnet: number): string => path.join(stateDir(), `subnet-${subnet}.claim`);

export function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}

export function ownerAlive(record: Pick<NetnsRecord, 'ownerPid' | 'ownerStart'>): boolean {
  const start = processStart(record.ownerPid);
  return start !== null && (record.ownerStart === null || start === record.ownerStart);
}

export function writeRecord(record: NetnsRecord): void {
  fs.mkdirSync(stateDir(), { recursive: true });
  fs.writeFileSync(recordFile(record.runId), `${JSON.stringify(record, null, 2)}\n`);
}

export function readRecord(runId: NetRunId): NetnsRecord | null {
  try {
    return JSON.parse(fs.readFileSync(recordFile(runId), 'utf8')) as NetnsRecord;
  } catch {
    return null;
  }
}

export function readRecords(): NetnsRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(stateDir());
  } catch {
    return [];
  }
  return names
    .filter((n) => /^[a-z0-9]{6}\.json$/.test(n))
    .map((n) => readRecord(n.slice(0, 6)))
    .filter((r): r is NetnsRecord => r !== null);
}

export function removeRecord(runId: NetRunId): void {
  const record = readRecord(runId);
  if (record !== null) releaseSubnet(record.subnet, runId);
  fs.rmSync(recordFile(runId), { force: true });
}

/**
 * Claim a free /24 for a run: the first subnet (from a start drawn from the run id) that no other
 * claim holds and that no address of this machine's root namespace is in. Stale claims (their run
 * has no live owner) are taken over.
 */
export function claimSubnet(runId: NetRunId, rootAddresses: readonly string[]): number {
  fs.mkdirSync(stateDir(), { recursive: true });
  const used = new Set(
    rootAddresses.filter((a) => a.startsWith(`${SUBNET_PREFIX}.`)).map((a) => Number(a.split('.')[2])),
  );
  const start = [...runId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 250, 7);
  for (let k = 0; k < 250; k++) {
    const subnet = 1 + ((start + k) % 250);
    if (used.has(subnet)) continue;
    const file = claimFile(subnet);
    try {
      fs.writeFileSync(file, runId, { flag: 'wx' });
      return subnet;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = fs.readFileSync(file, 'utf8').trim();
      const record = readRecord(holder);
      if (record !== null && ownerAlive(record)) continue;
      if (record === null && holderIsFresh(file)) continue; // a run between its claim and its record
      fs.rmSync(file, { force: true });
      try {
        fs.writeFileSync(file, runId, { flag: 'wx' });
        return subnet;
      } catch {
        /* someone else took it just now: go on */
      }
    }
  }
  throw new Error(`no free ${SUBNET_PREFIX}.x.0/24 subnet left (see ${stateDir()})`);
}

function holderIsFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 10_000;
  } catch {
    return false;
  }
}

export function releaseSubnet(subnet: number, runId: NetRunId): void {
  const file = claimFile(subnet);
  try {
    if (fs.readFileSync(file, 'utf8').trim() === runId) fs.rmSync(file, { force: true });
  } catch {
    /* not there */
  }
}
