import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadNodeConfig, validateNodeConfig } from '../../src/node/config-load.js';

const good = {
  id: 2,
  nodeIds: [1, 2, 3],
  dataDir: '/tmp/x/data',
  eventLogPath: '/tmp/x/events.jsonl',
  peerAddresses: { '1': { host: '127.0.0.1', port: 4001 }, '3': { host: '127.0.0.1', port: 4003 } },
  runEpochMs: 1_700_000_000_000,
  tickMs: 10,
  electionTicks: 15,
  heartbeatTicks: 3,
  leaseTicks: 10,
  preVote: true,
  checkQuorum: true,
  readMode: 'read-index',
  snapshotEveryEntries: 1000,
  seed: 7,
  bugs: [],
};

describe('NodeConfig validation', () => {
  it('accepts a good config and fills the optional fields', () => {
    const config = validateNodeConfig(good, 'c.json');
    expect(config).toMatchObject(good);
    expect(config.peerPort).toBe(0);
    expect(config.maxEntriesPerAppend).toBe(512);
    expect(config.listenHost).toBeUndefined();
  });

  it('accepts a node on its own address (a namespace or a host): listenHost and peers elsewhere', () => {
    const own = { ...good, listenHost: '10.213.7.2', peerAddresses: { '1': { host: '10.213.7.1', port: 7001 }, '3': { host: '10.213.7.3', port: 7001 } } };
    const config = validateNodeConfig(own, 'c.json');
    expect(config.listenHost).toBe('10.213.7.2');
    expect(config.peerAddresses['3']).toEqual({ host: '10.213.7.3', port: 7001 });
  });

  it.each([
    [{ id: 0 }, /"id" must be an integer in \[1, \.\.\.\], got 0/],
    [{ id: 4 }, /"nodeIds" must be a list that includes this node's id 4/],
    [{ nodeIds: [1, 2, 2] }, /"nodeIds" must be distinct ids/],
    [{ peerAddresses: { '1': { host: '127.0.0.1', port: 4001 } } }, /"peerAddresses.3" must be an object/],
    [{ peerAddresses: { ...good.peerAddresses, '3': { host: 'example.com', port: 1 } } }, /"peerAddresses.3.host" must be an IPv4 address or "localhost"/],
    [{ peerAddresses: { ...good.peerAddresses, '3': { host: '10.0.0.300', port: 1 } } }, /"peerAddresses.3.host" must be an IPv4 address/],
    [{ listenHost: 'any' }, /"listenHost" must be an IPv4 address or "localhost", got "any"/],
    [{ peerAddresses: { ...good.peerAddresses, '3': { host: '127.0.0.1', port: 70000 } } }, /"peerAddresses.3.port"/],
    [{ heartbeatTicks: 15 }, /"heartbeatTicks" must be less than electionTicks \(15\), got 15/],
    [{ readMode: 'fast' }, /"readMode" must be "log", "read-index", "lease", "local", got "fast"/],
    [{ readMode: 'lease', leaseTicks: 0 }, /"leaseTicks" must be positive when readMode is "lease"/],
    [{ tickMs: 0 }, /"tickMs" must be a number of milliseconds in \[1, 10000\], got 0/],
    [{ bugs: ['no-such-bug'] }, /"bugs" must be known bug names .*got "no-such-bug"/],
    [{ preVote: 'yes' }, /"preVote" must be true or false, got "yes"/],
    [{ dataDir: '' }, /"dataDir" must be a non-empty string/],
  ])('rejects %j with one clear message', (patch, message) => {
    expect(() => validateNodeConfig({ ...good, ...patch }, 'c.json')).toThrow(ConfigError);
    expect(() => validateNodeConfig({ ...good, ...patch }, 'c.json')).toThrow(message);
  });

  it('names the file when it is missing or not JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-config-'));
    try {
      expect(() => loadNodeConfig(path.join(dir, 'none.json'))).toThrow(/cannot read config file .*none\.json/);
      fs.writeFileSync(path.join(dir, 'bad.json'), '{');
      expect(() => loadNodeConfig(path.join(dir, 'bad.json'))).toThrow(/config file .*bad\.json is not JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
