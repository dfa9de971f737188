// The run page from synthetic run directories: complete, partial and broken ones. These read the
// HTML as text; test/report/browser.test.ts opens pages in a real browser.
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunReport } from '../../src/report/render-run.js';
import { writeFakeRun } from './helpers/fake-run.js';
import { shellWords } from '../helpers/shell-words.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'report-render-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function embeddedData(html: string): Record<string, any> {
  const m = /<script type="application\/json" id="run-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

/** The text of an HTML fragment (tags dropped, entities decoded). */
function htmlText(fragment: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return fragment.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e] as string);
}

describe('renderRunReport', () => {
  it('the check and report commands the page prints survive a shell: a run folder with a space and a quote', async () => {
    const run = await writeFakeRun(join(root, "two words, it's"), { seed: 13, ops: 20 });
    const html = await readFile(await renderRunReport(run.dir), 'utf8');
    const commands = [...html.matchAll(/<code>(npx raft-chaos (?:check|report) [^<]*)<\/code>/g)].map((m) => htmlText(m[1] as string));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) expect(shellWords(command).slice(3)).toEqual([run.dir]);
  });

  it('writes a self-contained page for a valid run: verdict, command, data, no external resource', async () => {
    const run = await writeFakeRun(root, { seed: 11, ops: 300 });
    const path = await renderRunReport(run.dir);
    expect(path).toBe(join(run.dir, 'index.html'));
    const html = await readFile(path, 'utf8');
    expect(html).toContain('data-verdict="true"');
    expect(html).toContain('npx raft-chaos run --workload register');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    const data = embeddedData(html);
    expect(data.ops.n).toBe(300);
    expect(data.faults.length).toBe(run.windows.length);
    expect(data.leadership.leaders.length).toBeGreaterThan(0);
    expect(data.lanes.length).toBeGreaterThanOrEqual(5);
  });

  it('shows the counterexample and the violation of an invalid run before the charts', async () => {
    const run = await writeFakeRun(root, { seed: 12, invalid: true });
    const html = await readFile(await renderRunReport(run.dir), 'utf8');
    expect(html).toContain('data-verdict="false"');
    expect(html).toContain('id="counterexample"');
    expect(html).toContain('id="ce-canvas-0"');
    expect(html).toContain('election-safety');
    expect(html.indexOf('id="violations"')).toBeLessThan(html.indexOf('id="charts"'));
    expect(embeddedData(html).counterexamples).toHaveLength(1);
  });

  it('still renders when results.json, test.json and nodes/ are missing, and says so', async () => {
    const run = await writeFakeRun(root, { seed: 13, omit: ['results.json', 'test.json', 'nodes'] });
    const html = await readFile(await renderRunReport(run.dir), 'utf8');
    expect(html).toContain('data-verdict="none"');
    expect(html).toContain('results.json (the checkers\u2019 verdicts) is missing.');
    expect(html).toContain('test.json (the run options) is missing.');
    expect(html).toContain('nodes/ is missing');
    expect(embeddedData(html).ops.n).toBeGreaterThan(0);
  });

  it('keeps every readable line of a history cut mid-line, and reports the bad line', async () => {
    const run = await writeFakeRun(root, { seed: 14, ops: 50 });
    await appendFile(join(run.dir, 'history.jsonl'), '{"index": 99999, "type": "inv');
    await writeFile(join(run.dir, 'results.json'), '{"valid": tr');
    const html = await readFile(await renderRunReport(run.dir), 'utf8');
    expect(html).toMatch(/history\.jsonl: 1 line\(s\) could not be read/);
    expect(html).toContain('results.json (the checkers\u2019 verdicts) is not valid JSON');
    expect(embeddedData(html).ops.n).toBe(50);
  });

  it('renders an empty run directory without failing', async () => {
    const run = await writeFakeRun(root, { seed: 15, omit: ['results.json', 'test.json', 'nodes', 'history.jsonl'] });
    const html = await readFile(await renderRunReport(run.dir), 'utf8');
    expect(html).toContain('history.jsonl is missing');
    expect(html).toContain('No client operations were recorded.');
  });

  it('cannot be broken out of by a value holding </script>', async () => {
    const run = await writeFakeRun(root, { seed: 16, ops: 10 });
    await appendFile(join(run.dir, 'history.jsonl'), JSON.stringify({ index: 1e6, type: 'invoke', process: 99, f: 'write', value: '</script><script>alert(1)</script>', time: 1 }) + '\n');
    const html = await readFile(await renderRunReport(run.dir), 'utf8');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(embeddedData(html).ops.vin).toContain('</script><script>alert(1)</script>');
  });

  it('embeds a thinned set above the limit and says how many it shows', async () => {
    const run = await writeFakeRun(root, { seed: 17, ops: 3000, concurrency: 6 });
    const html = await readFile(await renderRunReport(run.dir, { maxOps: 1000 }), 'utf8');
    const data = embeddedData(html);
    expect(data.thinned).toBe(true);
    expect(data.totalOps).toBe(3000);
    expect(data.ops.n).toBeLessThanOrEqual(1000);
    expect(html).toContain('the charts show a thinned set');
  });
});
