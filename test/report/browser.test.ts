// The report in a real browser (Debian's chromium through playwright-core): a valid run, an invalid
// run with a counterexample and an invariant violation, a 100,000-operation run (its load time is
// printed), and the index of runs. Every page must draw its charts, make no network request and
// log no console error. Screenshots go to a temporary directory, printed at the end.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderRunReport } from '../../src/report/render-run.js';
import { renderIndex } from '../../src/report/render-index.js';
import { writeFakeRun } from './helpers/fake-run.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`\n*** SKIPPING the report's browser tests: ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it in CI) ***\n`);
}

let root: string;
let shotsDir: string;
let browser: Browser;
const shots: string[] = [];

interface Opened {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
  readonly loadMs: number;
}

async function open(file: string, options: { waitForCharts?: boolean; width?: number } = {}): Promise<Opened> {
  const width = options.width ?? 1400;
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    // (the readback hint is caused by this test's own getImageData calls, not by the page)
    if (m.type() === 'error' || (m.type() === 'warning' && !m.text().includes('willReadFrequently'))) errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const t0 = Date.now();
  await page.goto(pathToFileURL(file).href);
  if (options.waitForCharts !== false)
    await page.waitForFunction('window.__report !== undefined', null, { timeout: 30_000 });
  return { page, errors, requests, loadMs: Date.now() - t0 };
}

/** Pixels of a canvas that are not transparent. */
// (Browser-side code is passed as text: the project's tsconfig has no DOM types.)
function inkedPixels(page: Page, id: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.getElementById(${JSON.stringify(id)});
    if (!c) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  })()`);
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
}

describe.skipIf(!haveChromium)('the report in chromium', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'report-browser-'));
    shotsDir = join(tmpdir(), 'raft-chaos-report-screenshots');
    await mkdir(shotsDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
    if (shots.length) console.log(`report screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('shows a valid run: verdict, drawn charts, tooltips, zoom, no errors, no network', async () => {
    const run = await writeFakeRun(join(root, 'results'), { seed: 31, ops: 600, durationS: 40 });
    const { page, errors, requests } = await open(await renderRunReport(run.dir));
    expect(await page.textContent('.verdict-word')).toBe('Valid');
    for (const id of ['timeline-canvas', 'latency-canvas', 'throughput-canvas', 'leadership-canvas']) {
      expect(await inkedPixels(page, id), id).toBeGreaterThan(2000);
    }
    expect(await page.locator('#counterexample').count()).toBe(0);

    // hover along the first lane of the timeline until an operation's tooltip shows
    await page.locator('#timeline-canvas').scrollIntoViewIfNeeded();
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    let tip = '';
    for (let x = box.x + 80; x < box.x + box.width - 20 && !tip.includes('process'); x += 4) {
      await page.mouse.move(x, box.y + 20 + 5);
      tip = (await page.locator('.tooltip').isVisible()) ? ((await page.textContent('.tooltip')) ?? '') : '';
    }
    expect(tip).toMatch(/process \d+/);
    expect(tip).toMatch(/invoked at [\d.]+ s/);

    // drag across the latency chart to zoom; the whole-run button brings the full view back
    await page.locator('#latency-canvas').scrollIntoViewIfNeeded();
    const lat = (await page.locator('#latency-canvas').boundingBox())!;
    await page.mouse.move(lat.x + 200, lat.y + 100);
    await page.mouse.down();
    await page.mouse.move(lat.x + 400, lat.y + 100, { steps: 5 });
    await page.mouse.up();
    expect(await page.textContent('#zoom-label')).toMatch(/^Showing [\d.]+ s \u2013 [\d.]+ s$/);
    await page.click('[data-action="zoom-reset"]');
    expect(await page.textContent('#zoom-label')).toMatch(/^Whole run/);

    await page.mouse.move(0, 0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await shot(page, 'valid-run');
    await page.close();
  });

  it('shows an invalid run: verdict, the counterexample drawn, the violation with its events', async () => {
    const run = await writeFakeRun(join(root, 'results'), { seed: 32, ops: 600, durationS: 40, invalid: true, keys: 3 });
    const { page, errors, requests } = await open(await renderRunReport(run.dir));
    expect(await page.textContent('.verdict-word')).toBe('Invalid');
    expect(await page.locator('#counterexample').isVisible()).toBe(true);
    expect(await inkedPixels(page, 'ce-canvas-0')).toBeGreaterThan(2000);
    const ce = (await page.textContent('#counterexample')) ?? '';
    expect(ce).toContain('Longest linearizable prefix');
    expect(ce).toContain('read() -> 1');
    expect(await page.textContent('#violations')).toContain('election-safety');
    expect(await page.locator('#violations tbody tr').count()).toBeGreaterThanOrEqual(2);
    for (const id of ['timeline-canvas', 'latency-canvas', 'throughput-canvas', 'leadership-canvas']) {
      expect(await inkedPixels(page, id), id).toBeGreaterThan(2000);
    }
    // the counterexample's blocking operation explains itself on hover
    await page.locator('#ce-canvas-0').scrollIntoViewIfNeeded();
    const cbox = (await page.locator('#ce-canvas-0').boundingBox())!;
    let tip = '';
    for (let x = cbox.x + cbox.width - 30; x > cbox.x + 80 && !tip.includes('blocking'); x -= 12) {
      for (let y = cbox.y + 30; y < cbox.y + cbox.height - 26 && !tip.includes('blocking'); y += 30) {
        await page.mouse.move(x, y);
        tip = (await page.locator('.tooltip').isVisible()) ? ((await page.textContent('.tooltip')) ?? '') : '';
      }
    }
    expect(tip).toContain('read() -> 1');
    // one key at a time: fewer marks on the timeline; the counterexample's button shows its key and time
    await page.mouse.move(0, 0);
    const allKeys = await inkedPixels(page, 'timeline-canvas');
    await page.selectOption('#key-filter', { label: 'k2' });
    expect(await inkedPixels(page, 'timeline-canvas')).toBeLessThan(allKeys);
    await page.selectOption('#key-filter', { label: 'all 3' });
    await page.click('[data-action="ce-focus"]');
    expect(await page.inputValue('#key-filter')).toBe(String(await page.evaluate('JSON.parse(document.getElementById("run-data").textContent).ops.keys.indexOf("k1")')));
    expect(await page.textContent('#zoom-label')).toMatch(/^Showing/);
    await page.click('[data-action="zoom-reset"]');
    await page.selectOption('#key-filter', { label: 'all 3' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await shot(page, 'invalid-run');
    await page.locator('#counterexample').screenshot({ path: join(shotsDir, 'invalid-run-counterexample.png') });
    shots.push(join(shotsDir, 'invalid-run-counterexample.png'));
    await page.close();
  });

  it('shows a partial run (no results.json, no nodes/, a cut history) with what is there, and says what is missing', async () => {
    const run = await writeFakeRun(join(root, 'partial'), { seed: 34, ops: 200, omit: ['results.json', 'nodes'] });
    await appendFile(join(run.dir, 'history.jsonl'), '{"index": 1, "type": "ok", "proc');
    const { page, errors, requests } = await open(await renderRunReport(run.dir), { width: 820 });
    expect(await page.textContent('.verdict-word')).toBe('Not checked');
    const problems = (await page.textContent('#problems')) ?? '';
    expect(problems).toContain('results.json');
    expect(problems).toContain('nodes/ is missing');
    expect(problems).toContain('history.jsonl: 1 line(s) could not be read');
    for (const id of ['timeline-canvas', 'latency-canvas', 'throughput-canvas']) {
      expect(await inkedPixels(page, id), id).toBeGreaterThan(1000);
    }
    // switching an outcome off in the legend redraws without it
    const before = await inkedPixels(page, 'latency-canvas');
    await page.locator('#latency [data-outcome="ok"]').click();
    expect(await inkedPixels(page, 'latency-canvas')).toBeLessThan(before);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await shot(page, 'partial-run-narrow');
    await page.close();
  });

  it('opens a 100,000-operation run in a few seconds (load time printed)', async () => {
    const run = await writeFakeRun(join(root, 'big'), { seed: 33, ops: 100_000, concurrency: 10, durationS: 300, name: 'register-combined-100k' });
    const t0 = Date.now();
    const file = await renderRunReport(run.dir);
    const renderMs = Date.now() - t0;
    const bytes = (await stat(file)).size;
    const { page, errors, loadMs } = await open(file);
    const timing = (await page.evaluate('window.__report')) as { parseMs: number; totalMs: number; ops: number; charts: { id: string; drawMs: number; points?: number }[] };
    console.log(
      `100,000-op report: ${(bytes / 1024 / 1024).toFixed(1)} MB written in ${renderMs} ms; ` +
        `opened in chromium in ${loadMs} ms (navigation to charts drawn; script ${timing.totalMs.toFixed(0)} ms: ` +
        `JSON parse ${timing.parseMs.toFixed(0)} ms, ${timing.charts.map((c) => `${c.id.replace('-canvas', '')} ${c.drawMs.toFixed(0)} ms`).join(', ')})`,
    );
    expect(timing.ops).toBe(100_000);
    for (const id of ['timeline-canvas', 'latency-canvas', 'throughput-canvas', 'leadership-canvas']) {
      expect(await inkedPixels(page, id), id).toBeGreaterThan(2000);
    }
    expect(errors).toEqual([]);
    await shot(page, 'large-run-100k');
    await page.close();
  });

  it('lists the runs in results/index.html and filters them', async () => {
    const results = join(root, 'results');
    const { page, errors } = await open(await renderIndex(results), { waitForCharts: false });
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.click('[data-filter="false"]');
    expect(await page.locator('tbody tr:visible').count()).toBe(1);
    expect(await page.textContent('tbody tr:visible')).toContain('Invalid');
    await page.fill('#filter', 'no-such-run');
    await page.click('[data-filter="all"]');
    expect(await page.locator('tbody tr:visible').count()).toBe(0);
    await page.fill('#filter', '');
    expect(errors).toEqual([]);
    await shot(page, 'index');
    await page.close();
  });
});
