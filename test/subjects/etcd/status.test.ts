// The etcd status ability against fake members (HTTP servers answering /v3/maintenance/status as
// etcd 3.4 does): member ids mapped to node ids, the leader of the highest term, two leaders of one
// term caught, the leadership timeline, and a member that does not answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EtcdStatus } from '../../../src/subjects/etcd/status.js';

interface Fake {
  server: http.Server;
  port: number;
  answer: { member: string; leader: string; term: number; index: number } | null;
}

const fakes: Fake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => new Promise((r) => f.server.close(r))));
});

async function fakeMember(member: string): Promise<Fake> {
  const fake: Fake = { server: http.createServer(), port: 0, answer: { member, leader: '0', term: 1, index: 1 } };
  fake.server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => {
      const a = fake.answer;
      if (a === null) return; // a paused member: never answers
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          header: { cluster_id: '1', member_id: a.member, raft_term: String(a.term) },
          leader: a.leader,
          raftIndex: String(a.index),
          raftTerm: String(a.term),
          raftAppliedIndex: String(a.index),
        }),
      );
    });
  });
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  fake.port = (fake.server.address() as AddressInfo).port;
  fakes.push(fake);
  return fake;
}

async function threeMembers(): Promise<{ members: Fake[]; status: EtcdStatus }> {
  const members = [await fakeMember('1111'), await fakeMember('2222'), await fakeMember('18446744073709551615')];
  const status = new EtcdStatus({
    nodeIds: [1, 2, 3],
    addressOf: (id) => ({ host: '127.0.0.1', port: (members[id - 1] as Fake).port }),
    isRunning: () => true,
    pollTimeoutMs: 200,
    epochMs: Date.now(),
  });
  return { members, status };
}

const lead = (members: Fake[], leaderIndex: number, term: number, who: number[] = [0, 1, 2]): void => {
  for (const i of who) {
    const m = members[i] as Fake;
    m.answer = { member: m.answer?.member ?? '', leader: (members[leaderIndex] as Fake).answer?.member ?? '0', term, index: 10 };
  }
};

describe('etcd status', () => {
  it('maps etcd member ids (uint64 strings) to node ids and names the leader', async () => {
    const { members, status } = await threeMembers();
    try {
      lead(members, 2, 4);
      await status.poll();
      expect(status.leader()).toBe(3);
      expect(status.statuses().get(1)).toEqual({ role: 'follower', term: 4, leader: 3, commit: 10, applied: 10 });
      expect(status.statuses().get(3)?.role).toBe('leader');
      expect(status.memberIds()).toEqual({ n1: '1111', n2: '2222', n3: '18446744073709551615' });
      expect(status.twoLeaders()).toEqual([]);
      expect(status.timeline().map((s) => [s.node, s.term])).toEqual([[3, 4]]);
    } finally {
      status.close();
    }
  });

  it('an old leader of a lower term is not the leader; two leaders in one term are caught', async () => {
    const { members, status } = await threeMembers();
    try {
      lead(members, 0, 2, [0]);
      lead(members, 1, 3, [1, 2]);
      await status.poll();
      expect(status.leader()).toBe(2);
      expect(status.twoLeaders()).toEqual([]);
      // n3 now also claims term 3.
      lead(members, 2, 3, [2]);
      await status.poll();
      expect(status.twoLeaders()).toEqual([{ term: 3, leaders: [2, 3] }]);
      expect(status.timeline().map((s) => [s.node, s.term])).toEqual([[2, 3]]);
    } finally {
      status.close();
    }
  });

  it('a member that does not answer has no status, and the poll still ends', async () => {
    const { members, status } = await threeMembers();
    try {
      lead(members, 0, 5);
      (members[1] as Fake).answer = null;
      const t0 = Date.now();
      await status.poll();
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(status.statuses().get(2)).toBeNull();
      expect(status.leader()).toBe(1);
    } finally {
      status.close();
    }
  });
});
