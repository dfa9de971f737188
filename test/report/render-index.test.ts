import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns, renderIndex } from '../../src/report/render-index.js';
import { dateFromName } from '../../src/report/run-summary.js';
import { writeReports } from '../../src/report/index.js';
import { writeFakeRun } from './helpers/fake-run.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'report-index-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('renderIndex', () => {
  it('lists every run newest first, with broken directories too, and the latest link once', async () => {
    const results = join(root, 'results');
    await mkdir(results);
    await writeFakeRun(results, { seed: 1, ops: 20, name: 'register-none-20261125T100000.000Z' });
    await writeFakeRun(results, { seed: 2, ops: 30, invalid: true, name: 'register-partition-20261125T110000.000Z' });
    await mkdir(join(results, 'register-crash-20261125T130000.000Z')); // a run that died at once
    await writeFile(join(results, 'register-crash-20261125T130000.000Z', 'test.json'), '{"workload": "regis');
    await symlink('register-partition-20261125T110000.000Z', join(results, 'latest'));
    await writeFile(join(results, '.gitkeep'), '');

    const runs = await listRuns(results);
    expect(runs).toHaveLength(3);
    // the broken run has only its name's date (13:00), newer than the fake runs' startedAt (12:00:01, 12:00:02)
    expect(runs.map((r) => r.name)).toEqual(['register-crash-20261125T130000.000Z', 'register-partition-20261125T110000.000Z', 'register-none-20261125T100000.000Z']);
    const broken = runs.find((r) => r.name.startsWith('register-crash'))!;
    expect(broken.valid).toBeNull();
    expect(broken.problems).toEqual(['test.json not valid JSON', 'results.json missing', 'history.jsonl missing']);
    const bad = runs.find((r) => r.name.startsWith('register-partition'))!;
    expect(bad).toMatchObject({ valid: false, workload: 'register', ops: 30 });

    const html = await readFile(await renderIndex(results), 'utf8');
    // no page yet: the link goes to the directory, with the command that builds the page
    expect(html).toContain('href="register-partition-20261125T110000.000Z/"');
    expect(html).toContain('no report page yet');
    expect(html.match(/<tr data-verdict=/g)).toHaveLength(3);
    expect(html).toContain('Invalid');
    expect(html).toContain('Not checked');
  });

  it('sorts by the date in test.json, then by the one in the name', async () => {
    const results = join(root, 'sorted');
    await mkdir(results);
    await writeFakeRun(results, { seed: 5, ops: 5, name: 'b' }); // startedAt 12:00:05
    await writeFakeRun(results, { seed: 9, ops: 5, name: 'a' }); // startedAt 12:00:09
    const runs = await listRuns(results);
    expect(runs.map((r) => r.name)).toEqual(['a', 'b']);
    expect(dateFromName('register-none-20261125T114609.123Z')).toBe(Date.UTC(2026, 10, 25, 11, 46, 9, 123));
    expect(dateFromName('no-date')).toBeNull();
  });

  it('says plainly that there are no runs yet, and fails clearly for a missing directory', async () => {
    const results = join(root, 'empty');
    await mkdir(results);
    expect(await readFile(await renderIndex(results), 'utf8')).toContain('No runs yet');
    await expect(renderIndex(join(root, 'nope'))).rejects.toThrow(/cannot read the results directory/);
  });

  it('writeReports writes the run page and the index next to it', async () => {
    const results = join(root, 'both');
    await mkdir(results);
    const run = await writeFakeRun(results, { seed: 3, ops: 10 });
    const written = await writeReports(run.dir);
    expect(written).toEqual({ runPage: join(run.dir, 'index.html'), indexPage: join(results, 'index.html') });
    expect(await readFile(written.indexPage, 'utf8')).toContain(`${run.dir.split('/').pop()}/index.html`);
  });
});
