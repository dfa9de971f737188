// `raft-chaos check`: verdicts and exit codes, --json, the counterexample page, run directories,
// bad flags (254) and unreadable inputs (255). Most cases call the command's handler; a few spawn
// the real CLI (npx tsx src/cli.ts check ...).
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../fixtures/synthetic/histories.js';
import type { Operation } from '../../src/checker/types.js';
import { checkMain, type CheckArgs } from '../../src/commands/check.js';
import { UsageError } from '../../src/util/exit-codes.js';
import { PROJECT_ROOT } from './helpers/histories.js';

/** Our history.jsonl records for `ops` (an invocation, then its completion unless unknown). */
function toJsonl(ops: readonly Operation[]): string {
  const events: { time: number; rec: Record<string, unknown> }[] = [];
  for (const o of ops) {
    const base = { process: o.process, f: o.f, ...(o.key !== undefined ? { key: o.key } : {}) };
    events.push({ time: o.call, rec: { ...base, type: 'invoke', value: o.f === 'read' ? null : o.input } });
    if (o.outcome === 'ok') {
      const mismatch = o.f === 'cas' && o.output === false;
      events.push({
        time: o.return,
        rec: { ...base, type: mismatch ? 'fail' : 'ok', value: o.f === 'read' ? o.output : o.input, ...(mismatch ? { error: 'cas-mismatch' } : {}) },
      });
    }
  }
  events.sort((a, b) => a.time - b.time);
  return events.map((e, index) => JSON.stringify({ index, ...e.rec, time: e.time * 1000 })).join('\n') + '\n';
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function check(args: Omit<CheckArgs, 'target'> & { target: string }): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await checkMain(args, { out: out.stream, err: err.stream });
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
let good: string;
let bad: string;
let runDir: string;
let big: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'checker-cli-'));
  good = join(dir, 'good.jsonl');
  writeFileSync(good, toJsonl(generateHistory({ seed: 1, operations: 300, keys: 3, processes: 4 })));
  bad = join(dir, 'bad.jsonl');
  writeFileSync(
    bad,
    [
      { index: 0, type: 'invoke', process: 0, f: 'write', key: 'r', value: 1, time: 10 },
      { index: 1, type: 'ok', process: 0, f: 'write', key: 'r', value: 1, time: 20 },
      { index: 2, type: 'invoke', process: 1, f: 'read', key: 'r', value: null, time: 30 },
      { index: 3, type: 'ok', process: 1, f: 'read', key: 'r', value: 4, time: 40 },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  runDir = join(dir, 'register-partition-20261125T000000.000Z');
  mkdirSync(runDir);
  writeFileSync(join(runDir, 'history.jsonl'), readFileSync(bad));
  writeFileSync(join(runDir, 'test.json'), JSON.stringify({ name: 'x', options: { workload: 'register' }, seed: 1 }));
  big = join(dir, 'big.jsonl');
  writeFileSync(big, toJsonl(generateHistory({ seed: 2, operations: 20_000, keys: 2, processes: 8 })));
});

describe('raft-chaos check (handler)', () => {
  it('a linearizable history: exit 0, verdict and time printed', async () => {
    const r = await check({ target: good });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/good\.jsonl: linearizable\n/);
    expect(r.out).toMatch(/\d+ operations \(jsonl\), model cas-register, 3 partition\(s\), [\d.]+ ms/);
  });

  it('a non-linearizable history: exit 1, where to look, and the page next to the input', async () => {
    const r = await check({ target: bad });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/NOT linearizable/);
    expect(r.out).toMatch(/key "r": longest linearizable prefix 1 of 2 operations; state there 1; could not place #1/);
    const page = join(dir, 'bad.linearizability.html');
    expect(r.out).toContain(`counterexample: ${page}`);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('--json prints one object with valid and ms; --out chooses the page', async () => {
    const out = join(dir, 'elsewhere.html');
    const r = await check({ target: bad, json: true, out });
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(j.valid).toBe(false);
    expect(typeof j.ms).toBe('number');
    expect(j.counterexamplePage).toBe(out);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse((await check({ target: good, json: true })).out).valid).toBe(true);
  });

  it('a run directory: its history.jsonl with the model of its workload', async () => {
    const r = await check({ target: runDir, json: true });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j.model).toBe('cas-register');
    expect(j.file).toBe(join(runDir, 'history.jsonl'));
    expect(existsSync(join(runDir, 'linearizability.html'))).toBe(true);
  });

  it('--initial sets the register (JSON value)', async () => {
    const zero = join(dir, 'zero.jsonl');
    writeFileSync(
      zero,
      '{"index":0,"type":"invoke","process":0,"f":"read","value":null,"time":1}\n{"index":1,"type":"ok","process":0,"f":"read","value":0,"time":2}\n',
    );
    expect((await check({ target: zero })).code).toBe(1);
    expect((await check({ target: zero, initial: '0' })).code).toBe(0);
  });

  it('--timeout: unknown, exit 2', async () => {
    const r = await check({ target: big, timeout: 0.001, json: true });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).valid).toBe('unknown');
  });

  it('bad flags are usage errors naming the flag and the accepted values', async () => {
    await expect(check({ target: good, model: 'nope' })).rejects.toThrow(
      new UsageError('--model must be one of register, cas-register, kv, kv-whole, mutex, multi-register, set, unordered-queue, fifo-queue; got "nope"'),
    );
    await expect(check({ target: good, nilRead: 'maybe' })).rejects.toThrow(new UsageError('--nil-read must be one of any, absent; got "maybe"'));
    await expect(check({ target: good, format: 'csv' })).rejects.toThrow(/--format must be one of jsonl, jepsen-edn, jepsen-etcd-log, porcupine-kv-log/);
    await expect(check({ target: good, timeout: 0 })).rejects.toThrow(/--timeout must be a positive number/);
    await expect(check({ target: join(dir, 'missing.jsonl') })).rejects.toThrow(/no such file or directory: .*missing\.jsonl/);
  });

  it('a corrupt file: one line naming the path and line, exit 255', async () => {
    const corrupt = join(dir, 'corrupt.jsonl');
    writeFileSync(corrupt, readFileSync(good, 'utf8').split('\n').slice(0, 5).join('\n') + '\n{"index": 5, "type": \n');
    const r = await check({ target: corrupt });
    expect(r.code).toBe(255);
    expect(r.err).toMatch(new RegExp(`^raft-chaos check: ${corrupt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6: not JSON`));
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('raft-chaos check (spawned CLI)', () => {
  const cli = (...args: string[]) => execa('npx', ['tsx', 'src/cli.ts', 'check', ...args], { cwd: PROJECT_ROOT, reject: false });

  it('exit codes 0, 1, 254 and --json on stdout', async () => {
    const ok = await cli(good, '--json');
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).valid).toBe(true);
    const no = await cli(bad);
    expect(no.exitCode).toBe(1);
    expect(no.stdout).toMatch(/NOT linearizable/);
    const usage = await cli(good, '--format', 'csv');
    expect(usage.exitCode).toBe(254);
    expect(usage.stderr).toMatch(/--format must be one of/);
  });
});
