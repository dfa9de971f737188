// The report in a real browser (Debian's chromium through playwright-core): a valid run, an invalid
// run with a counterexample and an invariant violation, a 100,000-operation run (its load time is
// printed), and the index of runs. Every page must draw its charts, make no network request and
// log no console error. Screenshots go to a temporary directory, printed at the end.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderRunReport } from '../../src/report/render-run.js';
import { renderIndex } from '../../src/report/render-index.js';
import { writeFakeRun } from './helpers/fake-run.js';
import { writeMarkupRun } from './helpers/markup-run.js';
import { startResultsServer } from '../../src/report/server.js';
import { CHECKER_PAGE } from '../../src/report/render-run.js';

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
  /** Messages of the dialogs (alert, confirm, prompt) the page opened; each is dismissed. */
  readonly dialogs: string[];
  readonly loadMs: number;
}

async function open(file: string, options: { waitForCharts?: boolean; width?: number; url?: string } = {}): Promise<Opened> {
  const width = options.width ?? 1400;
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    // (the readback hint is caused by this test's own getImageData calls, not by the page)
    if (m.type() === 'error' || (m.type() === 'warning' && !m.text().includes('willReadFrequently'))) errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:')) return route.continue();
    if (options.url !== undefined && new URL(url).origin === new URL(options.url).origin) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const t0 = Date.now();
  await page.goto(options.url ?? pathToFileURL(file).href);
  if (options.waitForCharts !== false)
    await page.waitForFunction('window.__report !== undefined', null, { timeout: 30_000 });
  return { page, errors, requests, dialogs, loadMs: Date.now() - t0 };
}

/** Elements (in the page and its same-origin frames) carrying an on* attribute, an <img> or a <script> that is not the report's. */
function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    const scan = (doc, where) => {
      for (const el of doc.querySelectorAll('*')) {
        for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) found.push(where + ': <' + el.tagName + ' ' + a.name + '>');
        if (el.tagName === 'IMG') found.push(where + ': <img>');
      }
      const scripts = [...doc.querySelectorAll('script')].filter((s) => s.type !== 'application/json');
      if (scripts.length > 1) found.push(where + ': ' + scripts.length + ' scripts');
      for (const frame of doc.querySelectorAll('iframe')) {
        try { if (frame.contentDocument) scan(frame.contentDocument, where + ' > iframe'); } catch (e) { /* another origin */ }
      }
    };
    scan(document, 'page');
    return found;
  })()`);
}

/**
 * Hover a grid of points on every canvas (mousemove events dispatched in the page, as the mouse
 * would send them: a real mouse over thousands of points takes minutes), then a few real mouse
 * moves; returns the distinct tooltip texts seen.
 */
async function hoverEveryCanvas(page: Page, stepPx: number): Promise<string[]> {
  const tips = (await page.evaluate(`(() => {
    const tips = new Set();
    for (const canvas of document.querySelectorAll('canvas')) {
      const r = canvas.getBoundingClientRect();
      const dy = Math.max(6, Math.min(${stepPx}, r.height / 12));
      for (let y = r.top + 3; y < r.bottom - 2; y += dy) {
        for (let x = r.left + 4; x < r.right - 2; x += ${stepPx}) {
          canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
          const tip = document.querySelector('.tooltip');
          if (tip && tip.style.display !== 'none') tips.add(tip.textContent);
        }
      }
      canvas.dispatchEvent(new MouseEvent('mouseleave', { bubbles: true }));
    }
    return [...tips];
  })()`)) as string[];
  for (const canvas of await page.locator('canvas').all()) {
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) continue;
    for (let x = box.x + 80; x < box.x + box.width; x += box.width / 6) await page.mouse.move(x, box.y + box.height / 2, { steps: 4 });
  }
  await page.mouse.move(0, 0);
  return tips;
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

  describe('a crafted run whose every field holds markup', () => {
    /** Open, hover every chart, and check that nothing ran: no dialog, no injected element, no CSP complaint. */
    async function openInert(kind: 'run' | 'checker' | 'index', file: string, url?: string): Promise<{ page: Page; tips: string[] }> {
      const { page, errors, requests, dialogs } = await open(file, url === undefined ? { waitForCharts: false } : { waitForCharts: false, url });
      if (kind === 'run') await page.waitForFunction('window.__report !== undefined', null, { timeout: 30_000 }).catch(() => {});
      const t0 = Date.now();
      const tips = kind === 'run' ? await hoverEveryCanvas(page, 12) : [];
      if (kind === 'run') console.log(`hovered every chart in ${Date.now() - t0} ms, ${tips.length} distinct tooltips`);
      if (kind === 'checker') for (const g of await page.locator('g.op').all()) await g.dispatchEvent('mouseenter');
      if (kind === 'index') await page.fill('#filter', 'markup');
      expect(dialogs, 'dialogs').toEqual([]);
      expect(await injectedElements(page), 'injected elements').toEqual([]);
      expect(errors, 'console errors (a refused inline handler shows here)').toEqual([]);
      expect(requests).toEqual([]);
      return { page, tips };
    }

    it('from file:// runs none of it, on load or on hover, and shows it as text', { timeout: 240_000 }, async () => {
      const dir = await writeMarkupRun(join(root, 'markup'), 'drawn');
      const file = await renderRunReport(dir);
      const { page, tips } = await openInert('run', file);
      expect(await page.textContent('.verdict-word')).toBe('Invalid');
      // the markup reached the tooltips, as text: an operation's, the counterexample's, a fault's
      const all = tips.join('\n');
      expect(all).toContain(`history index <img src=x onerror="alert('history`);
      expect(all).toMatch(/op <img src=x onerror="alert\('ce0\.id\d/);
      expect(all).toMatch(/<svg onload=alert\('history\d+\.value/);
      expect(await page.textContent('#counterexample')).toContain(`<img src=x onerror="alert('ce0.operations[3].text')">`);
      await shot(page, 'markup-run');
      await page.close();
      const checker = await openInert('checker', join(dir, CHECKER_PAGE));
      expect(await checker.page.textContent('body')).toContain(`#<img src=x onerror="alert('ce0.id3')">`);
      await checker.page.close();
      const index = await openInert('index', await renderIndex(join(root, 'markup')));
      expect(await index.page.textContent('tbody')).toContain(`alert('dirname')`);
      await index.page.close();
    });

    it('from file:// with every leaf replaced, including types and times, still runs none of it', { timeout: 240_000 }, async () => {
      const dir = await writeMarkupRun(join(root, 'markup-all'), 'all');
      const { page } = await openInert('run', await renderRunReport(dir));
      expect(await page.textContent('#problems')).toMatch(/history\.jsonl/);
      await page.close();
    });

    it('through serve (a strict Content-Security-Policy, no unsafe-inline) runs none of it', { timeout: 240_000 }, async () => {
      const results = join(root, 'markup-serve');
      const dir = await writeMarkupRun(results, 'drawn');
      await renderRunReport(dir);
      const runName = encodeURIComponent(basename(dir));
      const server = await startResultsServer({ resultsDir: results, port: 0 });
      try {
        const response = await fetch(`${server.url}${runName}/index.html`);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/script-src 'sha256-/);
        expect(csp).not.toContain('unsafe-inline');
        const { page, tips } = await openInert('run', join(dir, 'index.html'), `${server.url}${runName}/index.html`);
        expect(tips.join('\n')).toContain('history index <img');
        await page.close();
        const checker = await openInert('checker', join(dir, CHECKER_PAGE), `${server.url}${runName}/${CHECKER_PAGE}`);
        await checker.page.close();
        const index = await openInert('index', join(results, 'index.html'), server.url);
        await index.page.close();
      } finally {
        await server.close();
      }
    });
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
