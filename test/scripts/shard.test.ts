// --shard I/N and the merge of shard summaries: every cell in exactly one shard, bad values
// refused by name, and a merge that refuses, writing nothing, what it cannot vouch for.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeFiles } from '../../scripts/merge/merge.js';
import type { NightlyPlan, NightlyRun } from '../../scripts/nightly/summary.js';
import { cellsOfShard, parseShard, shardOfCell } from '../../scripts/shard/shard.js';
import type { Shard } from '../../scripts/shard/shard.js';
import { ShardError, shardSummaryOf, canonicalJson, writeShardSummary } from '../../scripts/shard/summary-file.js';
import type { ShardSummary } from '../../scripts/shard/summary-file.js';

describe('--shard I/N', () => {
  it('parses I/N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });
  it.each(['0/3', '4/3', '1/0', '0/0', 'a/b', '1', '1/2/3', '', '1.5/3', '-1/3', '1/257', ' / '])('refuses %j naming it', (bad) => {
    expect(() => parseShard(bad)).toThrow(new RegExp(`--shard must be I/N .*got ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });

  it('gives every cell to exactly one shard, in plan order, for any split', () => {
    for (let length = 0; length <= 30; length++) {
      const cells = Array.from({ length }, (_, k) => `c${k}`);
      for (let count = 1; count <= 8; count++) {
        const seen = new Map<number, number>();
        for (let index = 1; index <= count; index++) {
          const mine = cellsOfShard(cells, { index, count });
          expect(mine.map((m) => m.index)).toEqual([...mine.map((m) => m.index)].sort((a, b) => a - b));
          for (const m of mine) {
            expect(m.cell).toBe(cells[m.index]);
            expect(shardOfCell(m.index, count)).toBe(index);
            seen.set(m.index, (seen.get(m.index) ?? 0) + 1);
          }
          // Shares differ by at most one cell.
          expect(Math.abs(mine.length - length / count)).toBeLessThan(1);
        }
        expect([...seen.keys()].sort((a, b) => a - b)).toEqual(cells.map((_, k) => k));
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      }
    }
  });
});

const CELLS = 7;
const plan: NightlyPlan = {
  command: 'npm run nightly -- --budget 1m --seeds 1..7 --sim-time 2s --sim-only',
  cellIds: Array.from({ length: CELLS }, (_, k) => `sim-${k + 1}`),
  seedRange: { first: 1, count: CELLS, source: '--seeds' },
  simTime: '2s',
  bugs: [],
  real: null,
  budgetMs: 60_000,
};

function cell(index: number): NightlyRun {
  const seed = index + 1;
  const bad = seed % 3 === 0;
  return {
    index,
    id: `sim-${seed}`,
    kind: 'sim',
    workload: 'built-in mix',
    nemesis: 'bad day (seed)',
    seed,
    verdict: bad ? 'invalid' : 'valid',
    exitCode: bad ? 1 : 0,
    wallMs: 10 * seed,
    replay: `npx raft-chaos sim --seed ${seed} --time 2s --nodes 3`,
    output: bad ? `sim/sim-${seed}.json` : null,
    problems: bad ? ['term-monotonic: went back'] : [],
  };
}

function shardSummary(shard: Shard, over: Partial<ShardSummary<NightlyPlan, NightlyRun>> = {}): ShardSummary<NightlyPlan, NightlyRun> {
  const execution = { command: `shard ${shard.index}/${shard.count}`, startedAt: '2026-12-02T02:17:00.000Z', elapsedMs: 1000, complete: true };
  return { ...shardSummaryOf('nightly', plan, shard, execution, cellsOfShard(plan.cellIds, shard).map((c) => cell(c.index))), ...over };
}

describe('merge of shard summaries', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-shards-'));
    out = path.join(dir, 'merged');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, s: unknown): string => {
    const file = path.join(dir, name);
    if (typeof s === 'string') fs.writeFileSync(file, s);
    else writeShardSummary(file, s as ShardSummary);
    return file;
  };
  const three = (): string[] => [1, 2, 3].map((i) => write(`s${i}.json`, shardSummary({ index: i, count: 3 })));
  const refused = (files: string[], message: RegExp, expect3?: number): void => {
    expect(() => mergeFiles(files, out, expect3)).toThrow(ShardError);
    expect(() => mergeFiles(files, out, expect3)).toThrow(message);
    expect(fs.existsSync(out)).toBe(false);
  };

  it('keeps every cell of every shard, in plan order, and equals the unsharded summary', () => {
    const files = three();
    const merged = mergeFiles([files[2]!, files[0]!, files[1]!], out, 3);
    expect(merged.merged.cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const whole = write('whole.json', shardSummary({ index: 1, count: 1 }));
    const alone = mergeFiles([whole], path.join(dir, 'alone'));
    expect(canonicalJson(merged.merged.cells)).toBe(canonicalJson(alone.merged.cells));
    expect(merged.exitCode).toBe(1);
    const md = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
    for (const seed of [3, 6]) expect(md).toContain(`\`npx raft-chaos sim --seed ${seed} --time 2s --nodes 3\``);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('Failed runs (2)');
    // The link to a failed seed's output goes from the merged page to the shard's directory.
    expect(html).toContain('href="../sim/sim-3.json"');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'merged.json'), 'utf8')).shards).toHaveLength(3);
  });

  it('refuses a missing shard, naming it', () => {
    const files = three();
    refused([files[0]!, files[2]!], /shard 2\/3 missing \(given: 1\/3, 3\/3\)/);
  });

  it('refuses fewer shards than were started', () => {
    const files = three();
    refused(files, /expected 4 shards, but the summaries were split in 3/, 4);
  });

  it('refuses a shard given twice, naming both files', () => {
    const files = three();
    const copy = write('copy.json', fs.readFileSync(files[1]!, 'utf8'));
    refused([...files, copy], new RegExp(`shard 2/3 is given twice: ${files[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} and .*copy\\.json`));
  });

  it('refuses a damaged file, naming it', () => {
    const files = three();
    const text = fs.readFileSync(files[1]!, 'utf8');
    fs.writeFileSync(files[1]!, text.slice(0, text.length / 2));
    refused(files, /s2\.json: not JSON \(truncated or damaged\?\)/);
    refused([files[0]!, write('other.json', { hello: 'world' }), files[2]!], /other\.json: not a shard summary/);
    refused([files[0]!, write('v2.json', { ...shardSummary({ index: 2, count: 3 }), version: 2 }), files[2]!], /v2\.json: summary version 2/);
    refused([files[0]!, files[2]!, path.join(dir, 'absent.json')], /absent\.json: cannot read it/);
  });

  it('refuses a tampered cell: not in the plan, of another shard, twice, or missing its replay', () => {
    const s2 = shardSummary({ index: 2, count: 3 });
    const files = three();
    const cases: [unknown[], RegExp][] = [
      [[...s2.cells, { ...cell(0), index: 0 }], /cell "sim-1" belongs to shard 1\/3, not 2\/3/],
      [[...s2.cells, s2.cells[0]], /cell "sim-2" is recorded twice/],
      [[{ ...s2.cells[0], id: 'sim-99' }], /\(?"sim-99", index 1\) is not in the plan/],
      [[{ ...s2.cells[0], replay: '' }], /cell "sim-2": no replay command/],
    ];
    for (const [cells, message] of cases) refused([files[0]!, write('bad.json', { ...s2, cells }), files[2]!], message);
  });

  it('refuses a shard that did not finish, or says it did with cells missing', () => {
    const files = three();
    const s2 = shardSummary({ index: 2, count: 3 });
    const partial = { ...s2, cells: s2.cells.slice(0, 1), execution: { ...s2.execution, complete: false } };
    refused([files[0]!, write('partial.json', partial), files[2]!], /partial\.json: shard 2\/3 did not finish \(1 of its 2 cells recorded\)/);
    refused([files[0]!, write('liar.json', { ...partial, execution: s2.execution }), files[2]!], /liar\.json: says it is complete but records 1 of its 2 cells/);
  });

  it('refuses shards of different plans or splits', () => {
    const files = three();
    const other = shardSummary({ index: 2, count: 3 }, { plan: { ...plan, simTime: '5s' } });
    refused([files[0]!, write('other-plan.json', other), files[2]!], /other-plan\.json was planned differently from .*s1\.json \(simTime differs\)/);
    const four = write('four.json', shardSummary({ index: 2, count: 4 }));
    refused([files[0]!, four], /four\.json is shard 2\/4 but .*s1\.json is 1\/3/);
    refused([], /no shard summaries given/);
  });
});
