// The lab subject's status, read from events.jsonl as the adapter writes it: the leader is the
// node leading in the highest term among those up; a node in the leader's term follows it; a boot
// (restart) resets what the node applied; a line still being written is read once it is whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabStatus } from '../../../src/subjects/lab-go/status.js';

describe('LabStatus', () => {
  it('follows role, apply and boot records across polls', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-status-'));
    const logs = new Map([1, 2, 3].map((id) => [id, path.join(dir, `n${id}.jsonl`)] as const));
    const write = (id: number, ...records: object[]) => fs.appendFileSync(logs.get(id)!, records.map((r) => JSON.stringify({ node: id, time: 1, ...r }) + '\n').join(''));
    const up = new Set([1, 2, 3]);
    const status = new LabStatus(logs, (id) => up.has(id));
    for (const id of [1, 2, 3]) write(id, { kind: 'boot', term: 0 });
    write(1, { kind: 'role', role: 'leader', term: 1, leader: 1 }, { kind: 'apply', index: 1, term: 0, id: 'a' });
    write(2, { kind: 'role', role: 'follower', term: 1, leader: null });
    await status.poll();
    expect(status.leader()).toBe(1);
    expect(status.statuses().get(2)).toEqual({ role: 'follower', term: 1, leader: 1, commit: 0, applied: 0 });
    expect(status.statuses().get(3)).toMatchObject({ term: 0, leader: null });
    // A newer leader wins; the old one, down, has no status.
    write(3, { kind: 'role', role: 'leader', term: 2, leader: 3 });
    fs.appendFileSync(logs.get(2)!, '{"kind":"apply","index":1');
    await status.poll();
    expect(status.leader()).toBe(3);
    up.delete(3);
    expect(status.leader()).toBe(1);
    expect(status.statuses().get(3)).toBeNull();
    fs.appendFileSync(logs.get(2)!, ',"term":0,"id":"a","node":2,"time":2}\n');
    write(1, { kind: 'boot', term: 1 });
    await status.poll();
    expect(status.stateOf(2)).toEqual({ term: 1, leads: false, applied: 1 });
    expect(status.stateOf(1)).toEqual({ term: 1, leads: false, applied: 0 });
    expect(status.leader()).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
