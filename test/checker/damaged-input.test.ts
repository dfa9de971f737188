// Hostile inputs to the history readers: a file of another format or garbage read with a named
// format, damaged operation lines, invalid UTF-8, very deep EDN nesting and files too large for
// one string. None may produce a verdict of valid; every error names the file and the line.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryParseError } from '../../src/checker/readers/parse-error.js';
import { parseHistory, readHistoryFile } from '../../src/checker/readers/read-history.js';
import { checkMain, type CheckArgs } from '../../src/commands/check.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'damaged-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
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

async function check(args: CheckArgs): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await checkMain(args, { out: out.stream, err: err.stream });
  return { code, out: out.text(), err: err.text() };
}

async function parseFailure(path: string, format?: Parameters<typeof readHistoryFile>[1]): Promise<HistoryParseError> {
  try {
    await readHistoryFile(path, format);
  } catch (err) {
    if (err instanceof HistoryParseError) return err;
    throw err;
  }
  throw new Error(`expected ${path} to be refused`);
}

const etcd = (lines: string[]): string => lines.map((l) => `INFO  jepsen.util - ${l}`).join('\n') + '\n';

describe('zero operations read is an error', () => {
  it('a history.jsonl read as an etcd log', async () => {
    const path = file('other.log', '{"index":0,"type":"invoke","process":0,"f":"read","value":null,"time":1}\n');
    const err = await parseFailure(path, 'jepsen-etcd-log');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/no operations/);
    const r = await check({ target: path, format: 'jepsen-etcd-log' });
    expect(r.code).toBe(255);
    expect(r.err).toMatch(/no operations/);
  });

  it('base64 garbage read as an etcd log, a kv log, EDN', async () => {
    const path = file('garbage.log', Buffer.from('x'.repeat(3000)).toString('base64') + '\n');
    for (const format of ['jepsen-etcd-log', 'porcupine-kv-log', 'jepsen-edn', 'jsonl'] as const) {
      const r = await check({ target: path, format });
      expect(r.code, format).toBe(255);
      expect(r.out, format).not.toMatch(/linearizable/);
    }
  });

  it('an empty file, or one of only nemesis operations', async () => {
    expect((await parseFailure(file('empty.jsonl', ''))).message).toMatch(/no operations/);
    const nemesis = file('nemesis.edn', '{:process :nemesis, :type :info, :f :start, :value nil}\n');
    expect((await parseFailure(nemesis)).message).toMatch(/no operations/);
  });
});

describe('damaged operation lines in an etcd log', () => {
  // write 1, then a read of 2 that no order allows: not linearizable.
  const lines = ['0\t:invoke\t:write\t1', '0\t:ok\t:write\t1', '1\t:invoke\t:read\tnil', '1\t:ok\t:read\t2'];
  it('an invalid history stays invalid when intact', async () => {
    const r = await check({ target: file('intact.log', etcd(lines)) });
    expect(r.code).toBe(1);
  });
  it('a damaged :ok line is counted, named, and the verdict is at most unknown', async () => {
    const damaged = etcd(lines).replace('jepsen.util - 1\t:ok\t:read\t2', 'jepsen.ut\u0000l - 1\t:ok\t:read\t2');
    const path = file('damaged.log', damaged);
    const r = await check({ target: path });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/1 damaged line/);
    expect(r.out).toContain(':4');
    const j = await check({ target: path, json: true });
    const parsed = JSON.parse(j.out) as { valid: unknown; skippedLines: { count: number; lines: { line: number }[] } };
    expect(parsed.valid).toBe('unknown');
    expect(parsed.skippedLines.count).toBe(1);
    expect(parsed.skippedLines.lines[0]!.line).toBe(4);
  });
  it('a truncated line of an EDN history is an error naming file:line', async () => {
    const path = file('trunc.edn', '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :wr\n');
    const err = await parseFailure(path);
    expect(err.message).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2`));
  });
});

describe('invalid UTF-8', () => {
  it('is an error naming file:line, in every format', async () => {
    const good = '{"index":0,"type":"invoke","process":0,"f":"write","value":"a","time":1}\n';
    const prefix = '{"index":1,"type":"ok","process":0,"f":"write","value":"';
    const bad = Buffer.concat([Buffer.from(good), Buffer.from(prefix), Buffer.from([0xc3, 0x28]), Buffer.from('","time":2}\n')]);
    const path = file('bad-utf8.jsonl', bad);
    const err = await parseFailure(path);
    expect(err.message).toBe(`${path}:2: invalid UTF-8 (byte 0xc3 at offset ${good.length + prefix.length})`);
    const edn = file('bad-utf8.edn', Buffer.concat([Buffer.from('{:process 0, :type :invoke, :f :write, :value "'), Buffer.from([0xff]), Buffer.from('"}\n')]));
    expect((await parseFailure(edn)).message).toMatch(/bad-utf8\.edn:1: invalid UTF-8/);
  });
});

describe('invalid UTF-8 past the first chunk', () => {
  it('a character cut by a chunk boundary reads fine; a bad byte further on names its line', async () => {
    const first = '{:process 0, :type :invoke, :f :write, :value "\u20ac"}\n';
    // Pad so that the 3-byte euro sign of the next line straddles the 1 MiB chunk boundary.
    const pad = `;${' '.repeat((1 << 20) - first.length - 2 - 50)}\n`;
    const before = Buffer.from(first + pad);
    const second = Buffer.from(`${' '.repeat((1 << 20) - before.length - 48)}{:process 0, :type :ok, :f :write, :value "€"}\n`);
    const ok = file('straddle.edn', Buffer.concat([before, second]));
    const h = await readHistoryFile(ok);
    expect(h.operations[0]!.output).toBe('€');
    const bad = file('late-bad.edn', Buffer.concat([before, second, Buffer.from('{:process 1, :type :invoke, :f :read, :value "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]));
    expect((await parseFailure(bad)).message).toMatch(/late-bad\.edn:4: invalid UTF-8 \(byte 0xed/);
  });
});

describe('deep nesting and large files', () => {
  it('200,000-deep EDN nesting is an error naming file:line, not a stack overflow', async () => {
    const deep = '[' + '['.repeat(200_000) + ']'.repeat(200_000) + ']\n';
    const path = file('deep.edn', `{:process 0, :type :invoke, :f :write, :value 1}\n${deep}`);
    const err = await parseFailure(path);
    expect(err.message).toMatch(/deep\.edn:2: /);
    const inValue = file('deep-value.edn', `{:process 0, :type :invoke, :f :write,\n :value ${deep}}\n`);
    expect((await parseFailure(inValue)).message).toMatch(/deep-value\.edn:2: .*nested/);
    // As a string in memory, too.
    expect(() => parseHistory(deep, 'mem.edn', 'jepsen-edn')).toThrow(/mem\.edn:1: /);
  });

  it('a 600 MB EDN file is read streaming', { timeout: 300_000 }, async () => {
    const path = join(dir, 'large.edn');
    const fd = openSync(path, 'w');
    const ops = '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n';
    writeSync(fd, ops);
    const padding = `;${' '.repeat(1 << 20)}\n`;
    for (let i = 0; i < 600; i++) writeSync(fd, padding);
    writeSync(fd, '{:process 1, :type :invoke, :f :read, :value nil}\n{:process 1, :type :ok, :f :read, :value 1}\n');
    closeSync(fd);
    const history = await readHistoryFile(path);
    expect(history.operations).toHaveLength(2);
    expect(history.operations[1]!.output).toBe(1);
  });
});
