import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunDir, nodePaths, openRunDir, storedNodeIds, updateLatestLink, writeJsonFile } from '../../src/history/store.js';
import { HistoryWriter } from '../../src/history/writer.js';
import { parseHistory, readHistory } from '../../src/history/reader.js';
import { formatProgress, ProgressDisplay } from '../../src/control/runner/progress.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
  dirs.push(d);
  return d;
};

describe('results store', () => {
  it('names runs <workload>-<nemesis>-<timestamp>, never reuses one, and links latest', () => {
    const root = tmp();
    const at = new Date('2026-11-25T11:46:09.123Z');
    const a = createRunDir(root, 'register', 'partition', at);
    const b = createRunDir(root, 'register', 'partition', at);
    expect(a.name).toBe('register-partition-20261125T114609.123Z');
    expect(b.name).toBe('register-partition-20261125T114609.123Z-2');
    updateLatestLink(a);
    updateLatestLink(b);
    expect(fs.realpathSync(path.join(root, 'latest'))).toBe(fs.realpathSync(b.dir));
    expect(fs.readlinkSync(path.join(root, 'latest'))).toBe(b.name); // relative: the folder can move
    fs.mkdirSync(nodePaths(a, 3).dir, { recursive: true });
    fs.mkdirSync(nodePaths(a, 1).dir, { recursive: true });
    expect(storedNodeIds(a)).toEqual([1, 3]);
    expect(openRunDir(a.dir).historyFile).toBe(a.historyFile);
    writeJsonFile(a.testFile, { seed: 7 });
    expect(JSON.parse(fs.readFileSync(a.testFile, 'utf8'))).toEqual({ seed: 7 });
  });
});

describe('history writer and reader', () => {
  it('appends each record as it happens, with increasing index and time', () => {
    const file = path.join(tmp(), 'history.jsonl');
    const w = new HistoryWriter(file);
    w.record({ type: 'invoke', process: 0, f: 'write', key: 'r', value: 3 });
    // Already on disk before close: a controller crash keeps it.
    expect(readHistory(file).ops).toHaveLength(1);
    w.record({ type: 'ok', process: 0, f: 'write', key: 'r', value: 3, node: 2 });
    w.record({ type: 'invoke', process: 'nemesis', f: 'start-partition', value: 'bridge' });
    w.close();
    const { ops, tornTail } = readHistory(file);
    expect(tornTail).toBe(false);
    expect(ops.map((o) => o.index)).toEqual([0, 1, 2]);
    expect(ops[1]).toMatchObject({ type: 'ok', process: 0, node: 2, value: 3 });
    for (let i = 1; i < ops.length; i++) expect((ops[i]?.time ?? 0) >= (ops[i - 1]?.time ?? 0)).toBe(true);
  });

  it('skips a torn last line and reports it; a bad middle line is an error naming the line', () => {
    const good = '{"index":0,"type":"invoke","process":1,"f":"read","value":null,"time":5}\n';
    expect(parseHistory(`${good}{"index":1,"ty`).tornTail).toBe(true);
    expect(parseHistory(`${good}{"index":1,"ty`).ops).toHaveLength(1);
    expect(() => parseHistory(`${good}garbage\n${good}`, 'h.jsonl')).toThrow(/h.jsonl:2: not a JSON object/);
    expect(() => parseHistory('{"index":0}\n', 'h.jsonl')).toThrow(/h.jsonl:1: not an operation record/);
  });
});

describe('progress display', () => {
  const snap = { phase: 'run', elapsedS: 3.25, ok: 10, fail: 2, info: 1, faults: 'partition 1x2', leader: 3 };
  it('formats one line', () => {
    expect(formatProgress(snap)).toBe('[run] 3.3s  ok 10  fail 2  info 1  faults: partition 1x2  leader: n3');
    expect(formatProgress({ ...snap, leader: null })).toMatch(/leader: none$/);
  });

  it('redraws in place on a terminal, prints whole lines otherwise', () => {
    let tty = '';
    const onTty = new ProgressDisplay({ isTTY: true, columns: 80, write: (t: string) => (tty += t) }, () => snap);
    onTty.draw(false);
    onTty.draw(false);
    expect(tty.split('\r\x1b[2K').filter(Boolean)).toHaveLength(2);
    expect(tty).not.toContain('\n');
    let plain = '';
    const piped = new ProgressDisplay({ isTTY: false, write: (t: string) => (plain += t) }, () => snap, 60);
    piped.draw(false);
    piped.draw(false); // within the period: no second line
    piped.draw(true); // a phase change forces one
    expect(plain.split('\n').filter(Boolean)).toHaveLength(2);
    expect(plain).not.toContain('\r');
  });
});
