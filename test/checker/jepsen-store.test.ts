// `raft-chaos check` on Jepsen's own output: a store directory (store/<test>/<time>/history.edn)
// with independent keys checked key by key, the nil-read rule of each source stated in the
// verdict, and the operation that could not be linearized named as Knossos names it, in the text,
// the JSON and the counterexample page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMain, type CheckArgs } from '../../src/commands/check.js';

function sink(tty = false): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream: Writable & { isTTY?: boolean } = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  if (tty) stream.isTTY = true;
  return { stream, text: () => text };
}

async function check(args: CheckArgs, tty = false): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink(tty);
  const code = await checkMain(args, { out: out.stream, err: err.stream });
  return { code, out: out.text(), err: err.text() };
}

/** Jepsen history.edn lines, every op map with its :index and :time, nemesis ops between. */
function jepsenLines(ops: [process: number | string, type: string, f: string, value: string][]): string {
  return ops.map(([p, type, f, value], index) => `{:type :${type}, :f :${f}, :value ${value}, :process ${typeof p === 'number' ? p : `:${p}`}, :time ${index * 1000}, :index ${index}}`).join('\n') + '\n';
}

let root: string;
let storeTest: string;
let run: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'jepsen-store-'));
  storeTest = join(root, 'store', 'cas-test');
  run = join(storeTest, '20260101T120000.000Z');
  mkdirSync(run, { recursive: true });
  symlinkSync(run, join(storeTest, 'latest'));
  // Key 0 is fine; key 1 reads 3 where only 1 and 2 were written; key 2 reads nil (unconstrained).
  writeFileSync(
    join(run, 'history.edn'),
    jepsenLines([
      [0, 'invoke', 'write', '[0 1]'],
      [0, 'ok', 'write', '[0 1]'],
      ['nemesis', 'info', 'start', 'nil'],
      [1, 'invoke', 'write', '[1 1]'],
      [1, 'ok', 'write', '[1 1]'],
      [2, 'invoke', 'cas', '[1 [1 2]]'],
      [0, 'invoke', 'read', '[0 nil]'],
      [2, 'ok', 'cas', '[1 [1 2]]'],
      [0, 'ok', 'read', '[0 1]'],
      [3, 'invoke', 'read', '[1 nil]'],
      [3, 'ok', 'read', '[1 3]'],
      [4, 'invoke', 'write', '[2 5]'],
      [4, 'ok', 'write', '[2 5]'],
      [4, 'invoke', 'read', '[2 nil]'],
      [4, 'ok', 'read', '[2 nil]'],
    ]),
  );
  writeFileSync(join(run, 'results.edn'), '{:valid? false}\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Jepsen store directories', () => {
  it('finds history.edn, checks every independent key, and prints one verdict per key and overall', async () => {
    for (const target of [run, storeTest]) {
      const r = await check({ target, model: 'cas-register' });
      expect(r.code, target).toBe(1);
      expect(r.out).toContain(`${target === run ? join(run, 'history.edn') : join(storeTest, 'latest', 'history.edn')}: NOT linearizable`);
      expect(r.out).toMatch(/key 0: linearizable, 2 operations/);
      expect(r.out).toMatch(/key 1: NOT linearizable, 3 operations/);
      expect(r.out).toMatch(/key 2: linearizable, 1 operations/);
      expect(r.out).toMatch(/nil reads: match any state \(Knossos's rule for Jepsen EDN histories\); 1 operation\(s\) relaxed/);
      expect(r.out).toContain('could not linearize {:process 3, :type :ok, :f :read, :value 3, :index 10}');
    }
  });

  it('--json gives every key, the rule, and the failing op as Knossos names it; the page shows it', async () => {
    const r = await check({ target: run, model: 'cas-register', json: true });
    const j = JSON.parse(r.out) as {
      valid: unknown;
      nilRead: { rule: string; source: string };
      independent: boolean;
      partitions: { key: string; valid: unknown; skipped?: boolean }[];
      op: { process: number; type: string; f: string; value: string; index: number; edn: string };
      counterexamplePage: string;
    };
    expect(j.valid).toBe(false);
    expect(j.independent).toBe(true);
    expect(j.nilRead).toMatchObject({ rule: 'any', source: "Knossos's rule for Jepsen EDN histories", applies: true, relaxed: 1 });
    expect(j.partitions.map((p) => [p.key, p.valid, p.skipped ?? false])).toEqual([
      ['0', true, false],
      ['1', false, false],
      ['2', true, false],
    ]);
    expect(j.op).toMatchObject({ process: 3, type: 'ok', f: 'read', value: '3', index: 10 });
    const page = readFileSync(j.counterexamplePage, 'utf8');
    expect(page).toContain('{:process 3, :type :ok, :f :read, :value 3, :index 10}');
    expect(j.counterexamplePage).toBe(join(run, 'history.linearizability.html'));
  });

  it('--nil-read absent overrides the source: the read of nil on key 2 then fails too', async () => {
    const r = await check({ target: run, model: 'cas-register', nilRead: 'absent', json: true });
    const j = JSON.parse(r.out) as { nilRead: { rule: string; source: string }; partitions: { key: string; valid: unknown }[] };
    expect(j.nilRead).toMatchObject({ rule: 'absent', source: '--nil-read absent' });
    expect(j.partitions.find((p) => p.key === '2')!.valid).toBe(false);
    const text = await check({ target: run, model: 'cas-register', nilRead: 'absent' });
    expect(text.out).toMatch(/nil reads: read an absent value \(--nil-read absent\)/);
  });

  it('a directory with no history is a usage error', async () => {
    const empty = join(root, 'store', 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(check({ target: empty })).rejects.toThrow(/without history\.jsonl or history\.edn/);
  });
});

describe('nil reads per source', () => {
  const write3read = (format: 'edn' | 'jsonl'): string =>
    format === 'edn'
      ? jepsenLines([
          [0, 'invoke', 'write', '3'],
          [0, 'ok', 'write', '3'],
          [1, 'invoke', 'read', 'nil'],
          [1, 'ok', 'read', 'nil'],
        ])
      : [
          { index: 0, type: 'invoke', process: 0, f: 'write', value: 3, time: 1 },
          { index: 1, type: 'ok', process: 0, f: 'write', value: 3, time: 2 },
          { index: 2, type: 'invoke', process: 1, f: 'read', value: null, time: 3 },
          { index: 3, type: 'ok', process: 1, f: 'read', value: null, time: 4 },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n') + '\n';
  it('EDN: a read of nil after a write is valid (Knossos); history.jsonl: it read an absent value', async () => {
    const edn = join(root, 'nil.edn');
    writeFileSync(edn, write3read('edn'));
    const e = await check({ target: edn });
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/nil reads: match any state \(Knossos's rule for Jepsen EDN histories\)/);
    expect((await check({ target: edn, nilRead: 'absent' })).code).toBe(1);
    const jsonl = join(root, 'nil.jsonl');
    writeFileSync(jsonl, write3read('jsonl'));
    const j = await check({ target: jsonl, json: true });
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).nilRead).toMatchObject({ rule: 'absent', source: "raft-chaos's rule for history.jsonl" });
    expect((await check({ target: jsonl, nilRead: 'any' })).code).toBe(0);
  });
  it('the rule is not applicable to a model without reads of nil', async () => {
    const mutex = join(root, 'mutex.edn');
    writeFileSync(mutex, jepsenLines([[0, 'invoke', 'acquire', 'nil'], [0, 'ok', 'acquire', 'nil']]));
    const r = await check({ target: mutex, model: 'mutex' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/nil reads: not applicable to this model/);
  });
  it('multi-register takes --initial as an EDN map', async () => {
    const txn = join(root, 'txn.edn');
    writeFileSync(txn, jepsenLines([[0, 'invoke', 'txn', '[[:read :x nil] [:read :y nil]]'], [0, 'ok', 'txn', '[[:read :x 0] [:read :y 0]]']]));
    expect((await check({ target: txn, model: 'multi-register', initial: '{:x 0 :y 0}' })).code).toBe(0);
    expect((await check({ target: txn, model: 'multi-register' })).code).toBe(1);
  });
});

describe('progress', () => {
  it('draws a progress line on a terminal, and clears it', async () => {
    const big = join(root, 'big.edn');
    const lines: [number, string, string, string][] = [];
    for (let i = 0; i < 40_000; i++) lines.push([i % 5, 'invoke', 'write', String(i)], [i % 5, 'ok', 'write', String(i)]);
    writeFileSync(big, jepsenLines(lines));
    const r = await check({ target: big }, true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\rreading big\.edn: \d+% \([\d.]+ of [\d.]+ MB, [\d,]+ records\)/);
    expect(r.err.endsWith('\r\x1b[K')).toBe(true);
    const quiet = await check({ target: big });
    expect(quiet.err).toBe('');
  });
});
