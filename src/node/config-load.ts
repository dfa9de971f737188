// Reading and validating a NodeConfig (config.ts). Every problem is reported in one line that
// names the file, the field and the bad value.
import { DEFAULT_INBOUND_BUFFER_BYTES, DEFAULT_PARTIAL_FRAME_TIMEOUT_MS } from './inbound-limits.js';
import fs from 'node:fs';
import { isBugName } from '../raft/bugs.js';
import type { BugName } from '../raft/types.js';
import { NODE_READ_MODES, type NodeConfig, type NodeReadMode } from './config.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}


/** A dotted IPv4 address (each part 0..255) or "localhost". */
function isHostAddress(value: unknown): boolean {
  if (value === 'localhost') return true;
  if (typeof value !== 'string') return false;
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function loadNodeConfig(file: string): NodeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not JSON: ${(error as Error).message}`);
  }
  return validateNodeConfig(value, file);
}

export function validateNodeConfig(value: unknown, source: string): NodeConfig {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new ConfigError(`${source}: "${field}" must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('(top level)', 'an object', value);
  const c = value as Record<string, unknown>;
  const int = (field: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(field, `an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '...' : max}]`, v);
    }
    return v as number;
  };
  const optionalInt = (field: string, min: number, max: number, fallback: number): number =>
    c[field] === undefined ? fallback : int(field, min, max);
  const bool = (field: string): boolean => {
    if (typeof c[field] !== 'boolean') fail(field, 'true or false', c[field]);
    return c[field] as boolean;
  };
  const str = (field: string): string => {
    if (typeof c[field] !== 'string' || c[field] === '') fail(field, 'a non-empty string', c[field]);
    return c[field] as string;
  };

  const hostField = (field: string): string => {
    if (!isHostAddress(c[field])) fail(field, 'an IPv4 address or "localhost"', c[field]);
    return c[field] as string;
  };

  const id = int('id', 1);
  const nodeIds = c.nodeIds;
  if (!Array.isArray(nodeIds) || nodeIds.length === 0 || !nodeIds.every((n) => Number.isInteger(n) && n >= 1)) {
    fail('nodeIds', 'a non-empty array of positive integers', nodeIds);
  }
  const ids = nodeIds as number[];
  if (new Set(ids).size !== ids.length) fail('nodeIds', 'distinct ids', ids);
  if (!ids.includes(id)) fail('nodeIds', `a list that includes this node's id ${id}`, ids);

  const peerAddresses = c.peerAddresses;
  if (typeof peerAddresses !== 'object' || peerAddresses === null || Array.isArray(peerAddresses)) {
    fail('peerAddresses', 'an object mapping each peer id to {host, port}', peerAddresses);
  }
  const addresses = peerAddresses as Record<string, unknown>;
  for (const peer of ids) {
    if (peer === id) continue;
    const address = addresses[String(peer)] as { host?: unknown; port?: unknown } | undefined;
    if (typeof address !== 'object' || address === null) fail(`peerAddresses.${peer}`, 'an object {host, port}', address);
    const a = address as { host?: unknown; port?: unknown };
    if (!isHostAddress(a.host)) fail(`peerAddresses.${peer}.host`, 'an IPv4 address or "localhost"', a.host);
    if (typeof a.port !== 'number' || !Number.isInteger(a.port) || a.port < 1 || a.port > 65535) {
      fail(`peerAddresses.${peer}.port`, 'a port in [1, 65535]', a.port);
    }
  }

  const electionTicks = int('electionTicks', 2, 10_000);
  const heartbeatTicks = int('heartbeatTicks', 1, 10_000);
  if (heartbeatTicks >= electionTicks) fail('heartbeatTicks', `less than electionTicks (${electionTicks})`, heartbeatTicks);
  const leaseTicks = int('leaseTicks', 0, 10_000);
  const readMode = c.readMode;
  if (!NODE_READ_MODES.includes(readMode as NodeReadMode)) fail('readMode', NODE_READ_MODES.map((m) => `"${m}"`).join(', '), readMode);
  if (readMode === 'lease' && leaseTicks === 0) fail('leaseTicks', 'positive when readMode is "lease"', leaseTicks);
  const tickMs = c.tickMs;
  if (typeof tickMs !== 'number' || !Number.isFinite(tickMs) || tickMs < 1 || tickMs > 10_000) {
    fail('tickMs', 'a number of milliseconds in [1, 10000]', tickMs);
  }
  const bugs = c.bugs;
  if (!Array.isArray(bugs) || !bugs.every((b) => typeof b === 'string')) fail('bugs', 'an array of bug names', bugs);
  for (const bug of bugs as string[]) if (!isBugName(bug)) fail('bugs', 'known bug names (see `raft-chaos bugs`)', bug);

  return {
    id,
    nodeIds: ids,
    dataDir: str('dataDir'),
    eventLogPath: str('eventLogPath'),
    peerAddresses: addresses as NodeConfig['peerAddresses'],
    runEpochMs: int('runEpochMs', 0),
    tickMs: tickMs as number,
    electionTicks,
    heartbeatTicks,
    leaseTicks,
    preVote: bool('preVote'),
    checkQuorum: bool('checkQuorum'),
    readMode: readMode as NodeReadMode,
    snapshotEveryEntries: int('snapshotEveryEntries', 0),
    seed: int('seed', 0),
    bugs: bugs as BugName[],
    peerPort: optionalInt('peerPort', 0, 65535, 0),
    clientPort: optionalInt('clientPort', 0, 65535, 0),
    controlPort: optionalInt('controlPort', 0, 65535, 0),
    ...(c.listenHost === undefined ? {} : { listenHost: hostField('listenHost') }),
    maxEntriesPerAppend: optionalInt('maxEntriesPerAppend', 1, 100_000, 512),
    inboundBufferBytes: optionalInt('inboundBufferBytes', 1024, 1024 * 1024 * 1024, DEFAULT_INBOUND_BUFFER_BYTES),
    partialFrameTimeoutMs: optionalInt('partialFrameTimeoutMs', 10, 3_600_000, DEFAULT_PARTIAL_FRAME_TIMEOUT_MS),
    exitWithParent: c.exitWithParent === undefined ? true : bool('exitWithParent'),
    leaderSendBeforeSync: c.leaderSendBeforeSync === undefined ? true : bool('leaderSendBeforeSync'),
  };
}
