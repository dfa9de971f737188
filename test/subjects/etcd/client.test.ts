// The etcd subject's pure parts: gateway requests for each operation, how answers and errors become
// ClientAnswers (Jepsen's classification), status answers, member command lines, the binary lookup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerFor, KEY_PREFIX, requestFor } from '../../../src/subjects/etcd/client.js';
import { fromBase64, toBase64 } from '../../../src/subjects/etcd/gateway.js';
import { parseStatus } from '../../../src/subjects/etcd/status.js';
import { memberArgv } from '../../../src/subjects/etcd/member-argv.js';
import { ETCD_INSTALL_LINE, findEtcdBinary, missingEtcdMessage } from '../../../src/subjects/etcd/binary.js';

const read = { f: 'read', key: 'k1', value: null } as const;
const write = { f: 'write', key: 'k1', value: 7 } as const;
const cas = { f: 'cas', key: 'k1', value: [7, 8] } as const;

describe('etcd gateway requests', () => {
  it('a read is a range, linearizable unless serializable is asked for', () => {
    const key = toBase64(`${KEY_PREFIX}k1`);
    expect(requestFor(read, false)).toEqual({ path: '/v3/kv/range', body: { key } });
    expect(requestFor(read, true)).toEqual({ path: '/v3/kv/range', body: { key, serializable: true } });
  });

  it('a write is a put and a cas is a txn comparing the value', () => {
    expect(requestFor(write, false)).toEqual({ path: '/v3/kv/put', body: { key: toBase64('/raft-chaos/k1'), value: toBase64('7') } });
    const txn = requestFor(cas, false);
    expect(txn.path).toBe('/v3/kv/txn');
    const body = txn.body as { compare: { target: string; value: string; result: string }[]; success: { requestPut: { value: string } }[] };
    expect(body.compare[0]).toMatchObject({ target: 'VALUE', result: 'EQUAL' });
    expect(fromBase64(body.compare[0]?.value ?? '')).toBe('7');
    expect(fromBase64(body.success[0]?.requestPut.value ?? '')).toBe('8');
  });
});

describe('etcd answers', () => {
  it('reads the value, null for a missing key; a cas that did not succeed fails', () => {
    expect(answerFor(read, { kind: 'ok', body: { kvs: [{ value: toBase64('42') }] } })).toEqual({ kind: 'ok', value: 42 });
    expect(answerFor(read, { kind: 'ok', body: { header: {} } })).toEqual({ kind: 'ok', value: null });
    expect(answerFor(write, { kind: 'ok', body: {} })).toEqual({ kind: 'ok', value: null });
    expect(answerFor(cas, { kind: 'ok', body: { succeeded: true } })).toEqual({ kind: 'ok', value: null });
    expect(answerFor(cas, { kind: 'ok', body: {} })).toEqual({ kind: 'fail', reason: 'cas-mismatch' });
  });

  it('refused before sending is not-sent; timeout, reset, leader changed and request timed out may have happened', () => {
    expect(answerFor(write, { kind: 'not-sent', reason: 'ECONNREFUSED' }).kind).toBe('not-sent');
    expect(answerFor(write, { kind: 'lost', reason: 'timeout after 1000 ms' }).kind).toBe('unknown');
    expect(answerFor(cas, { kind: 'lost', reason: 'ECONNRESET' }).kind).toBe('unknown');
    expect(answerFor(write, { kind: 'error', httpStatus: 503, message: 'etcdserver: leader changed', code: 14 }).kind).toBe('unknown');
    expect(answerFor(cas, { kind: 'error', httpStatus: 503, message: 'etcdserver: request timed out', code: 14 }).kind).toBe('unknown');
  });

  it('a read that failed in any way changed nothing: fail; an invalid request was never proposed: fail', () => {
    expect(answerFor(read, { kind: 'lost', reason: 'timeout' }).kind).toBe('fail');
    expect(answerFor(read, { kind: 'error', httpStatus: 503, message: 'etcdserver: request timed out', code: 14 }).kind).toBe('fail');
    expect(answerFor(write, { kind: 'error', httpStatus: 400, message: 'bad', code: 3 }).kind).toBe('fail');
  });
});

describe('etcd status', () => {
  it('parses the member id, leader, term, commit and applied index (uint64s as strings)', () => {
    const body = { header: { member_id: '135', raft_term: '2' }, leader: '135', raftIndex: '5', raftTerm: '2', raftAppliedIndex: '4' };
    expect(parseStatus(body)).toEqual({ memberId: '135', leaderId: '135', term: 2, commit: 5, applied: 4 });
    expect(parseStatus({})).toBeNull();
  });
});

describe('etcd member command line', () => {
  it('names the member, its own URLs, every member, the token and its data directory', () => {
    const members = [1, 2, 3].map((id) => ({ id, peer: { host: `10.0.0.${id}`, port: 7001 }, client: { host: `10.0.0.${id}`, port: 7002 } }));
    const argv = memberArgv({ member: members[1] as (typeof members)[number], members, clusterToken: 'tok', dataDir: '/run/nodes/n2/data', preVote: true });
    const flag = (name: string): string | undefined => argv[argv.indexOf(name) + 1];
    expect(flag('--name')).toBe('n2');
    expect(flag('--listen-peer-urls')).toBe('http://10.0.0.2:7001');
    expect(flag('--listen-client-urls')).toBe('http://10.0.0.2:7002');
    expect(flag('--initial-cluster')).toBe('n1=http://10.0.0.1:7001,n2=http://10.0.0.2:7001,n3=http://10.0.0.3:7001');
    expect(flag('--initial-cluster-token')).toBe('tok');
    expect(flag('--data-dir')).toBe('/run/nodes/n2/data');
    expect(argv.join(' ')).not.toMatch(/:2379|:2380/);
  });
});

describe('etcd binary', () => {
  it('is found on PATH or at --etcd-bin; a missing one is one line with the install command', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-etcd-bin-'));
    try {
      expect(findEtcdBinary(undefined, dir)).toBeNull();
      const fake = path.join(dir, 'etcd');
      fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
      expect(findEtcdBinary(undefined, `/nonexistent${path.delimiter}${dir}`)).toBe(fake);
      expect(findEtcdBinary(fake, '')).toBe(fake);
      expect(findEtcdBinary(path.join(dir, 'nope'), dir)).toBeNull();
      const message = missingEtcdMessage();
      expect(message).toContain(ETCD_INSTALL_LINE);
      expect(message.split('\n')).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
