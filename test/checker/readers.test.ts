// The history readers: our history.jsonl, Jepsen etcd logs, Porcupine kv logs, Jepsen EDN; format
// detection; malformed lines reported with file and line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { detectFormat } from '../../src/checker/readers/detect.js';
import { HistoryParseError } from '../../src/checker/readers/parse-error.js';
import { parseHistory, readHistoryFile } from '../../src/checker/readers/read-history.js';

const jsonl = (...recs: object[]): string => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';

function parseError(fn: () => unknown): HistoryParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HistoryParseError) return err;
    throw err;
  }
  throw new Error('expected a HistoryParseError');
}

describe('history.jsonl', () => {
  const text = jsonl(
    { index: 0, type: 'invoke', process: 0, f: 'write', key: 'k', value: 1, time: 100 },
    { index: 1, type: 'invoke', process: 'nemesis', f: 'start-partition', value: 'majorities-ring', time: 150 },
    { index: 2, type: 'invoke', process: 1, f: 'read', key: 'k', value: null, time: 200 },
    { index: 3, type: 'ok', process: 0, f: 'write', key: 'k', value: 1, time: 300 },
    { index: 4, type: 'ok', process: 1, f: 'read', key: 'k', value: 1, time: 400 },
    { index: 5, type: 'invoke', process: 0, f: 'cas', key: 'k', value: [1, 2], time: 500 },
    { index: 6, type: 'fail', process: 0, f: 'cas', key: 'k', value: [1, 2], time: 600, error: 'not-leader' },
    { index: 7, type: 'invoke', process: 1, f: 'write', key: 'k', value: 3, time: 700 },
    { index: 8, type: 'info', process: 1, f: 'write', key: 'k', value: 3, time: 800, error: 'timeout' },
    { index: 9, type: 'invoke', process: 2, f: 'read', key: 'j', value: null, time: 900 },
    { index: 10, type: 'invoke', process: 4, f: 'cas', key: 'k', value: [7, 8], time: 1000 },
    { index: 11, type: 'fail', process: 4, f: 'cas', key: 'k', value: [7, 8], time: 1100, error: 'cas-mismatch' },
  );
  it('pairs invocations with completions by process; drops fail and nemesis; info and unmatched never return; a cas-mismatch returned false', () => {
    const h = parseHistory(text, 'history.jsonl');
    expect(h.format).toBe('jsonl');
    expect(h.operations.map((o) => [o.id, o.process, o.f, o.key, o.outcome, o.call, o.return])).toEqual([
      [0, 0, 'write', 'k', 'ok', 100, 300],
      [1, 1, 'read', 'k', 'ok', 200, 400],
      [2, 1, 'write', 'k', 'unknown', 700, Infinity],
      [3, 2, 'read', 'j', 'unknown', 900, Infinity],
      [4, 4, 'cas', 'k', 'ok', 1000, 1100],
    ]);
    expect(h.operations[4]!.output).toBe(false);
    expect(h.operations[1]!.output).toBe(1);
    expect(checkOperationsSync(h.operations, 'cas-register').valid).toBe(true);
  });
  it('names the file and line of a malformed record', () => {
    const bad = text + '{"index": 10, "type": "ok", "process": 3\n';
    const err = parseError(() => parseHistory(bad, 'runs/x/history.jsonl'));
    expect(err.message).toMatch(/^runs\/x\/history\.jsonl:13: not JSON/);
    const badType = parseError(() => parseHistory(jsonl({ index: 0, type: 'done', process: 0, f: 'read', value: null, time: 1 }), 'h.jsonl'));
    expect(badType.message).toBe('h.jsonl:1: "type" must be invoke, ok, fail or info, got "done"');
    const orphan = parseError(() => parseHistory(jsonl({ index: 0, type: 'ok', process: 4, f: 'read', value: 1, time: 1 }), 'h.jsonl'));
    expect(orphan.message).toBe('h.jsonl:1: ok of process 4 without an invocation');
    const twice = parseError(() =>
      parseHistory(
        jsonl(
          { index: 0, type: 'invoke', process: 0, f: 'read', value: null, time: 1 },
          { index: 1, type: 'invoke', process: 0, f: 'read', value: null, time: 2 },
        ),
        'h.jsonl',
      ),
    );
    expect(twice.line).toBe(2);
  });
});

describe('jepsen-etcd-log', () => {
  const log = [
    'INFO  jepsen.core - Running test',
    'INFO  jepsen.util - 0\t:invoke\t:write\t1',
    'INFO  jepsen.util - 1\t:invoke\t:cas\t[0 2]',
    'INFO  jepsen.util - 0\t:ok\t:write\t1',
    'INFO  jepsen.util - 1\t:fail\t:cas\t[0 2]',
    'INFO  jepsen.util - 2\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 2\t:ok\t:read\t1',
    'INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]',
    'INFO  jepsen.util - 3\t:info\t:cas\t:timed-out',
    'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 4\t:fail\t:read\t:timed-out',
    'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
  ].join('\n');
  it('reads ops; a failed cas returned false; info never returns; other lines are skipped', () => {
    expect(detectFormat(log)).toBe('jepsen-etcd-log');
    const h = parseHistory(log, 'etcd.log');
    expect(h.suggestedModel).toBe('cas-register');
    expect(h.operations.map((o) => [o.process, o.f, o.input, o.output, o.outcome, o.call, o.return])).toEqual([
      [0, 'write', 1, 1, 'ok', 2, 4],
      [1, 'cas', [0, 2], false, 'ok', 3, 5],
      [2, 'read', null, 1, 'ok', 6, 7],
      [3, 'cas', [1, 4], undefined, 'unknown', 8, Infinity],
    ]);
    expect(checkOperationsSync(h.operations, 'cas-register').valid).toBe(true);
  });
  it('names the line of a bad value', () => {
    const err = parseError(() => parseHistory('INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2', 'e.log'));
    expect(err.message).toMatch(/^e\.log:1: bad value/);
  });
});

describe('porcupine-kv-log', () => {
  const log = [
    '{:process 0, :type :invoke, :f :append, :key "1", :value "x 0 0 y"}',
    '{:process 1, :type :invoke, :f :get, :key "1", :value nil}',
    '{:process 0, :type :ok, :f :append, :key "1", :value "x 0 0 y"}',
    '{:process 1, :type :ok, :f :get, :key "1", :value "x 0 0 y"}',
    '{:process 2, :type :invoke, :f :put, :key "2", :value "z"}',
  ].join('\n');
  it('reads one EDN map per line, with keys', () => {
    expect(detectFormat(log)).toBe('porcupine-kv-log');
    const h = parseHistory(log, 'c.txt');
    expect(h.suggestedModel).toBe('kv');
    expect(h.operations.map((o) => [o.f, o.key, o.input, o.output, o.outcome])).toEqual([
      ['append', '1', 'x 0 0 y', 'x 0 0 y', 'ok'],
      ['get', '1', null, 'x 0 0 y', 'ok'],
      ['put', '2', 'z', undefined, 'unknown'],
    ]);
    expect(checkOperationsSync(h.operations, 'kv').valid).toBe(true);
  });
  it('names the line of a malformed map', () => {
    const err = parseError(() => parseHistory(log + '\n{:process 3, :type :invoke, :f :get :key}', 'c.txt', 'porcupine-kv-log'));
    expect(err.message).toBe('c.txt:6: a map needs an even number of forms');
  });
});

describe('jepsen-edn', () => {
  const knossos = `; a Knossos-style history
[{:process 0, :type :invoke, :f :write, :value 1, :time 10}
 {:type :invoke, :process 1, :f :read, :value nil}
 {:process 0, :type :ok, :f :write, :value 1, :index 3}
 {:process 1, :type :ok, :f :read, :value 0}
 {:process :nemesis, :type :info, :f :start, :value nil}
 {:process 2, :type :invoke, :f :cas, :value [1 2]}
 {:process 2, :type :fail, :f :cas, :value [1 2], :error :precondition-failed}
 {:process 3, :type :invoke, :f :write, :value 5}
 {:process 3, :type :info, :f :write, :value 5, :error "timeout"}]`;
  it('reads a vector of op maps, keys in any order, extra keys ignored; fail dropped; an ok op takes its completion value (Knossos)', () => {
    expect(detectFormat(knossos)).toBe('jepsen-edn');
    const h = parseHistory(knossos, 'history.edn');
    expect(h.operations.map((o) => [o.process, o.f, o.input, o.output, o.outcome])).toEqual([
      [0, 'write', 1, 1, 'ok'],
      [1, 'read', 0, 0, 'ok'],
      [3, 'write', 5, undefined, 'unknown'],
    ]);
    // Knossos histories assume the register starts at 0.
    expect(checkOperationsSync(h.operations, 'cas-register').valid).toBe(false);
    expect(checkOperationsSync(h.operations, 'cas-register', { initial: 0 }).valid).toBe(true);
  });
  it('reads a list, and one map per line (Jepsen history.edn)', () => {
    const list = '({:process 0 :type :invoke :f :read :value nil} {:process 0 :type :ok :f :read :value nil})';
    expect(parseHistory(list, 'h.edn').operations).toHaveLength(1);
    const lines = '{:index 0 :type :invoke :process 0 :f :read :value nil}\n{:index 1 :type :ok :process 0 :f :read :value 3}\n';
    expect(detectFormat(lines)).toBe('jepsen-edn');
    expect(parseHistory(lines, 'h.edn').operations[0]!.output).toBe(3);
  });
  it('splits independent [k v] tuples into keys', () => {
    const indep = `[{:process 0 :type :invoke :f :write :value [:a 1]}
{:process 0 :type :ok :f :write :value [:a 1]}
{:process 1 :type :invoke :f :read :value [:b nil]}
{:process 1 :type :ok :f :read :value [:b 1]}]`;
    const h = parseHistory(indep, 'i.edn');
    expect(h.operations.map((o) => [o.key, o.f, o.input, o.output])).toEqual([
      [':a', 'write', 1, 1],
      [':b', 'read', 1, 1],
    ]);
    expect(checkOperationsSync(h.operations, 'cas-register').valid).toBe(false);
  });
  it('names the line of a bad op', () => {
    const err = parseError(() => parseHistory('[{:process 0 :type :invoke :f :read}\n {:process 0 :type :done :f :read}]', 'h.edn', 'jepsen-edn'));
    expect(err.message).toMatch(/^h\.edn:2: :type must be/);
  });
});

describe('files and detection', () => {
  it('reads from disk, detecting the format, and refuses an unknown one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checker-readers-'));
    const file = join(dir, 'history.jsonl');
    writeFileSync(file, jsonl({ index: 0, type: 'invoke', process: 0, f: 'read', value: null, time: 1 }));
    expect((await readHistoryFile(file)).format).toBe('jsonl');
    const odd = join(dir, 'odd.txt');
    writeFileSync(odd, 'hello world\n');
    await expect(readHistoryFile(odd)).rejects.toThrow(/odd\.txt:1: cannot tell the history format/);
  });
});
