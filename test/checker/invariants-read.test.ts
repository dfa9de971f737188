// Reading events.jsonl: torn records from a kill -9 are dropped with a warning, anything else that
// is malformed is an error naming the file and line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInvariants, EventLogError, readEventLog, readEventLogs } from '../../src/checker/invariants/index.js';

const dir = mkdtempSync(join(tmpdir(), 'raft-chaos-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const boot = (node: number, time: number, term = 0) =>
  JSON.stringify({ kind: 'boot', node, time, term, votedFor: null, commit: 0, lastIndex: 0, snapshotIndex: 0 });
const vote = (node: number, time: number, term: number, candidate: number) =>
  JSON.stringify({ kind: 'vote', node, time, term, for: candidate });

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readEventLog', () => {
  it('reads every record in file order', async () => {
    const path = file('ok.jsonl', `${boot(1, 0)}\n${vote(1, 5, 1, 1)}\n`);
    const events = await readEventLog(path);
    expect(events.map((e) => e.kind)).toEqual(['boot', 'vote']);
    expect(events[1]).toEqual({ kind: 'vote', node: 1, time: 5, term: 1, for: 1 });
  });

  it('drops a torn last line with a warning, and the check still passes', async () => {
    const torn = vote(1, 9, 2, 1).slice(0, 17);
    const path = file('torn.jsonl', `${boot(1, 0)}\n${vote(1, 5, 1, 1)}\n${torn}`);
    const warnings: string[] = [];
    const events = await readEventLog(path, { warnings });
    expect(events.length).toBe(2);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain(`${path}:3: dropped a torn last record`);
    const result = checkInvariants(new Map([[1, events]]), { readWarnings: warnings });
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual(warnings);
  });

  it('keeps a complete last record that lacks only its newline', async () => {
    const path = file('no-newline.jsonl', `${boot(1, 0)}\n${vote(1, 5, 1, 1)}`);
    const warnings: string[] = [];
    expect((await readEventLog(path, { warnings })).length).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('recovers a torn record followed on the same line by the restart boot record', async () => {
    const torn = vote(1, 9, 2, 1).slice(0, 20);
    const path = file('torn-restart.jsonl', `${boot(1, 0)}\n${torn}${boot(1, 50, 1)}\n${vote(1, 60, 2, 3)}\n`);
    const warnings: string[] = [];
    const events = await readEventLog(path, { warnings });
    expect(events.map((e) => [e.kind, e.time])).toEqual([
      ['boot', 0],
      ['boot', 50],
      ['vote', 60],
    ]);
    expect(warnings[0]).toContain(`${path}:2: dropped a torn record written before a restart`);
  });

  it('rejects a malformed middle line, naming the file and line', async () => {
    const path = file('bad-middle.jsonl', `${boot(1, 0)}\n{"kind":"vote","node":1,\n${vote(1, 5, 1, 1)}\n`);
    const error = await readEventLog(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventLogError);
    expect((error as EventLogError).line).toBe(2);
    expect((error as EventLogError).file).toBe(path);
    expect((error as Error).message).toMatch(new RegExp(`^${path}:2: malformed event record: not JSON`));
  });

  it('rejects a record of the wrong shape, naming the field', async () => {
    const bad = JSON.stringify({ kind: 'append', node: 2, time: 3, index: 1, term: 'one', id: 'x' });
    const path = file('bad-shape.jsonl', `${boot(2, 0)}\n${bad}\n`);
    await expect(readEventLog(path)).rejects.toThrow(`${path}:2: malformed event record: append record with bad term "one"`);
    const unknownKind = file('bad-kind.jsonl', `${JSON.stringify({ kind: 'elect', node: 1, time: 0 })}\n`);
    await expect(readEventLog(unknownKind)).rejects.toThrow(/:1: malformed event record: unknown kind "elect"/);
  });

  it('reads records across chunk boundaries of a large file', async () => {
    const lines: string[] = [boot(3, 0)];
    for (let i = 1; i <= 30_000; i++) lines.push(JSON.stringify({ kind: 'term', node: 3, time: i, term: i }));
    const path = file('big.jsonl', `${lines.join('\n')}\n`);
    const { logs, warnings } = await readEventLogs(new Map([[3, path]]));
    const events = logs.get(3)!;
    expect(events.length).toBe(30_001);
    expect(events.every((e, k) => e.time === k)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
