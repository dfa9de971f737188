// Reading and checking a Jepsen history of a million operations: one op map per line, independent
// [k v] values over 10 keys of a cas-register, written as Jepsen writes history.edn. Prints the
// file size, the read time and throughput, the check time, and the process's peak resident memory
// (read streaming: memory follows the operations kept, not the file's text).
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkParsedHistory } from '../src/checker/check-file.js';
import { generateHistory } from '../test/fixtures/synthetic/histories.js';
import { readHistoryFile } from '../src/checker/readers/read-history.js';
import type { Operation } from '../src/checker/types.js';

const OPERATIONS = Number(process.env.RAFT_CHAOS_BENCH_OPS ?? 1_000_000);

function edn(v: unknown): string {
  return v === null || v === undefined ? 'nil' : Array.isArray(v) ? `[${v.map(edn).join(' ')}]` : String(v);
}

async function writeHistory(path: string, ops: readonly Operation[]): Promise<void> {
  const events: { t: number; line: (index: number) => string }[] = [];
  for (const o of ops) {
    const k = Number(o.key ?? 0);
    const inv = o.f === 'read' ? null : o.input;
    events.push({ t: o.call, line: (i) => `{:type :invoke, :f :${o.f}, :value [${k} ${edn(inv)}], :process ${o.process}, :time ${o.call}, :index ${i}}` });
    if (o.outcome === 'ok') {
      const out = o.f === 'read' ? o.output : o.input;
      if (o.f === 'cas' && o.output === false) events.push({ t: o.return, line: (i) => `{:type :fail, :f :cas, :value [${k} ${edn(o.input)}], :process ${o.process}, :time ${o.return}, :index ${i}}` });
      else events.push({ t: o.return, line: (i) => `{:type :ok, :f :${o.f}, :value [${k} ${edn(out)}], :process ${o.process}, :time ${o.return}, :index ${i}}` });
    } else {
      events.push({ t: o.call + 0.5, line: (i) => `{:type :info, :f :${o.f}, :value [${k} ${edn(inv)}], :process ${o.process}, :time ${o.call}, :index ${i}, :error :timeout}` });
    }
  }
  events.sort((a, b) => a.t - b.t);
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < events.length; i++) {
    buf += `${events[i]!.line(i)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'raft-chaos-bench-edn-'));
  try {
    const ops = generateHistory({ seed: 1, operations: OPERATIONS, keys: 10, processes: 10, model: 'cas-register', unknownRate: 0.001, withKeys: true });
    const path = join(dir, 'history.edn');
    await writeHistory(path, ops);
    const mb = statSync(path).size / 1e6;
    const rssBefore = process.memoryUsage().rss / 1e6;
    const t0 = performance.now();
    const history = await readHistoryFile(path);
    const readMs = performance.now() - t0;
    const heapAfterRead = process.memoryUsage().heapUsed / 1e6;
    const t1 = performance.now();
    const check = await checkParsedHistory(history, { model: 'cas-register' });
    const checkMs = performance.now() - t1;
    const peak = process.resourceUsage().maxRSS / 1e3;
    console.log(`jepsen history.edn: ${OPERATIONS.toLocaleString('en')} operations, ${mb.toFixed(0)} MB, ${history.operations.length.toLocaleString('en')} read (independent: ${String(history.independent)})`);
    console.log(`  read ${readMs.toFixed(0)} ms (${(mb / (readMs / 1000)).toFixed(0)} MB/s); heap after read ${heapAfterRead.toFixed(0)} MB`);
    console.log(`  check ${checkMs.toFixed(0)} ms: ${String(check.valid)} over ${check.result.partitions.length} keys (${check.result.mode})`);
    console.log(`  peak RSS ${peak.toFixed(0)} MB (RSS before reading ${rssBefore.toFixed(0)} MB, history generated in memory)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
