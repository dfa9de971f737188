// The scripts run for real, small: a bad --shard is refused by each script with one line naming
// it, and the merge of a few shards equals the unsharded run cell for cell (the nightly on short
// simulated seeds, the bug matrix on one fast bug). Needs dist/ (built by the test setup).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeFiles } from '../../scripts/merge/merge.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const script = (name: string, args: readonly string[]) =>
  execa(tsx, [path.join(root, 'scripts', name), ...args], { cwd: root, reject: false, timeout: 120_000, env: { FORCE_COLOR: '0' } });

/** Cells as recorded, without what differs between two runs of the same cell (wall time). */
const comparable = (cells: readonly object[]): unknown[] => cells.map((c) => JSON.parse(JSON.stringify(c, (k, v: unknown) => (k === 'wallMs' ? undefined : v))));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raft-chaos-shard-runs-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--shard on the command line', () => {
  it.each([
    ['nightly.ts', ['--budget', '1m', '--sim-only', '--seeds', '1..2', '--shard', '3/2']],
    ['bug-matrix.ts', ['--bug', 'local-reads', '--seeds', '1', '--shard', '0/4']],
    ['bug-matrix.ts', ['--bug', 'local-reads', '--seeds', '1', '--shard', 'two']],
  ])('%s refuses %j with exit 254 and one line naming the value', async (name, args) => {
    const r = await script(name, args);
    const bad = args[args.length - 1]!;
    expect(r.exitCode).toBe(254);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`--shard must be I/N`);
    expect(r.stderr).toContain(JSON.stringify(bad));
  });

  it('merge-shards refuses a missing shard with exit 254 and writes nothing', async () => {
    const out = path.join(dir, 'refused');
    const r = await script('merge-shards.ts', ['--out', out, '--shards', '2', path.join(dir, 'none.json')]);
    expect(r.exitCode).toBe(254);
    expect(r.stderr).toMatch(/^merge-shards: refused: .*none\.json: cannot read it/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('sharded runs merged equal the unsharded run', () => {
  it('nightly: 3 shards of 5 simulated seeds with a bug on', async () => {
    // nothing-persisted makes some seeds fail, so failed seeds and their replay commands are compared too.
    const common = ['--budget', '2m', '--sim-only', '--seeds', '1..5', '--sim-time', '3s', '--bug', 'nothing-persisted'];
    const runs = await Promise.all([
      script('nightly.ts', [...common, '--out', path.join(dir, 'night-whole')]),
      ...[1, 2, 3].map((i) => script('nightly.ts', [...common, '--shard', `${i}/3`, '--out', path.join(dir, `night-${i}`)])),
    ]);
    for (const r of runs) expect([0, 1], r.stderr).toContain(r.exitCode);
    const whole = mergeFiles([path.join(dir, 'night-whole', 'summary.json')], path.join(dir, 'night-whole-page'));
    const merged = mergeFiles([1, 2, 3].map((i) => path.join(dir, `night-${i}`, 'summary.json')), path.join(dir, 'night-merged'), 3);
    expect(merged.merged.cells).toHaveLength(5);
    expect(comparable(merged.merged.cells)).toEqual(comparable(whole.merged.cells));
    expect(merged.exitCode).toBe(whole.exitCode);
    const failed = (merged.merged.cells as unknown as { verdict: string; replay: string }[]).filter((c) => c.verdict === 'invalid');
    const md = fs.readFileSync(path.join(dir, 'night-merged', 'summary.md'), 'utf8');
    for (const c of failed) expect(md).toContain(c.replay);
    console.log(`nightly shards: ${failed.length} of 5 seeds invalid with nothing-persisted`);
  });

  it('bug matrix: 2 shards of one bug on 3 seeds', async () => {
    const common = ['--bug', 'stale-append-truncates', '--seeds', '3'];
    const runs = await Promise.all([
      script('bug-matrix.ts', [...common, '--summary', path.join(dir, 'bm-whole.json')]),
      script('bug-matrix.ts', [...common, '--shard', '1/2', '--summary', path.join(dir, 'bm-1.json')]),
      script('bug-matrix.ts', [...common, '--shard', '2/2', '--summary', path.join(dir, 'bm-2.json')]),
    ]);
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    const whole = mergeFiles([path.join(dir, 'bm-whole.json')], path.join(dir, 'bm-whole-page'));
    const merged = mergeFiles([path.join(dir, 'bm-2.json'), path.join(dir, 'bm-1.json')], path.join(dir, 'bm-merged'), 2);
    expect(comparable(merged.merged.cells)).toEqual(comparable(whole.merged.cells));
    const table = (block: string | null): string => (block ?? '').split('\n').filter((l) => l.startsWith('|')).join('\n');
    expect(table(merged.readmeBlock)).toBe(table(whole.readmeBlock));
    // The unsharded script prints the same table.
    expect(runs[0]!.stdout).toContain(table(merged.readmeBlock));
  });
});

describe('bug matrix --resume', () => {
  it('keeps the recorded cells, runs only the rest (and --redo MODE again), and refuses another plan', async () => {
    const common = ['--bug', 'stale-append-truncates', '--seeds', '2'];
    const first = path.join(dir, 'resume-first.json');
    expect((await script('bug-matrix.ts', [...common, '--summary', first])).exitCode).toBe(0);
    // A run stopped after its first cell: the summary, cut to that cell and marked unfinished.
    const cut = path.join(dir, 'resume-cut.json');
    const recorded = JSON.parse(fs.readFileSync(first, 'utf8')) as { cells: { id: string; mode: string }[]; execution: { complete: boolean } };
    fs.writeFileSync(cut, JSON.stringify({ ...recorded, cells: recorded.cells.slice(0, 1), execution: { ...recorded.execution, complete: false } }));
    const resumed = path.join(dir, 'resume-resumed.json');
    const r = await script('bug-matrix.ts', [...common, '--resume', cut, '--summary', resumed]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 cells kept');
    const again = mergeFiles([resumed], path.join(dir, 'resume-page'));
    const whole = mergeFiles([first], path.join(dir, 'resume-whole-page'));
    expect(comparable(again.merged.cells)).toEqual(comparable(whole.merged.cells));
    // --redo sim keeps the swarm cells and runs the sim cells again.
    const redo = await script('bug-matrix.ts', [...common, '--resume', first, '--redo', 'sim', '--summary', path.join(dir, 'resume-redo.json')]);
    expect(redo.exitCode, redo.stderr).toBe(0);
    expect(redo.stderr).toContain(`${recorded.cells.filter((c) => c.mode !== 'sim').length} cells kept`);
    // Another plan (3 seeds) or --redo without --resume: one line, exit 254.
    const other = await script('bug-matrix.ts', ['--bug', 'stale-append-truncates', '--seeds', '3', '--resume', first]);
    expect(other.exitCode).toBe(254);
    expect(other.stderr).toMatch(/written by another plan/);
    const lone = await script('bug-matrix.ts', [...common, '--redo', 'lab']);
    expect(lone.exitCode).toBe(254);
    expect(lone.stderr).toMatch(/--redo needs --resume/);
  });
});
