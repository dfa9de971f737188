// results/index.html: every run, newest first, with its verdict, date, workload, nemesis, duration
// and operation count. Broken run directories are listed with what is wrong with them.
import { lstat, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { esc, fmtDuration, fmtInt, hrefOf } from './html.js';
import { PAGE_CSS } from './styles.js';
import { summarizeRunDir, type RunSummary } from './run-summary.js';
import { verdictClass, verdictWord } from './sections/index.js';

export async function listRuns(resultsDir: string): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = await readdir(resultsDir);
  } catch (err) {
    throw new Error(`cannot read the results directory "${resultsDir}": ${(err as Error).message}`, { cause: err });
  }
  const runs: RunSummary[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const info = await lstat(join(resultsDir, name)).catch(() => null);
    // results/latest is a link to one of the runs: list the run once, under its own name.
    if (!info || !info.isDirectory()) continue;
    runs.push(await summarizeRunDir(join(resultsDir, name), name));
  }
  return runs.sort((a, b) => b.dateMs - a.dateMs || b.name.localeCompare(a.name));
}

const INDEX_JS = String.raw`
(function () {
  var input = document.getElementById('filter');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tbody tr'));
  var active = 'all';
  function apply() {
    var q = (input.value || '').toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (active === 'all' || r.getAttribute('data-verdict') === active) && r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById('shown').textContent = shown + ' shown';
  }
  input.addEventListener('input', apply);
  document.querySelectorAll('[data-filter]').forEach(function (b) {
    b.addEventListener('click', function () {
      active = b.getAttribute('data-filter');
      document.querySelectorAll('[data-filter]').forEach(function (x) { x.classList.toggle('on', x === b); });
      apply();
    });
  });
  apply();
})();
`;

const INDEX_CSS = `
.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 0 0 12px; }
.filters input { font: inherit; padding: 6px 10px; border: 1px solid var(--border); border-radius: 8px; background: var(--panel); color: var(--text); min-width: 240px; }
.filters button.on { border-color: var(--c-accent); color: var(--c-accent); }
td.name a { font-weight: 600; overflow-wrap: break-word; }
td.date { white-space: nowrap; }
td .problem { color: var(--warn); font-size: 12px; }
.checks { margin-top: 2px; font-size: 12px; color: var(--muted); display: flex; gap: 10px; flex-wrap: wrap; }
.ck-true { color: var(--good); } .ck-false { color: var(--bad); font-weight: 600; } .ck-unknown { color: var(--warn); }
`;

export function buildIndexPage(resultsDir: string, runs: readonly RunSummary[]): string {
  const count = (v: string): number => runs.filter((r) => verdictClass(r.valid) === v).length;
  const rows = runs.map((r) => {
    const cls = verdictClass(r.valid);
    const href = r.hasPage ? `${hrefOf(r.name)}/index.html` : `${hrefOf(r.name)}/`;
    const note = r.hasPage ? '' : `<div class="problem">no report page yet: <code>npx raft-chaos report ${esc(join(resultsDir, r.name))}</code></div>`;
    const problems = r.problems.length ? `<div class="problem">${esc(r.problems.join('; '))}</div>` : '';
    const mark = { true: '\u2714', false: '\u2716', unknown: '?' } as const;
    const checkers = r.checkers.map((c) => `<span class="ck ck-${String(c.valid)}" title="${esc(c.name)}: ${esc(verdictWord(c.valid))}">${mark[String(c.valid) as keyof typeof mark]} ${esc(c.name)}</span>`).join(' ');
    return `<tr data-verdict="${cls}"><td><span class="pill pill-${cls}">${esc(verdictWord(r.valid))}</span></td><td class="name"><a href="${href}">${esc(r.name)}</a>${note}${problems}${checkers ? `<div class="checks">${checkers}</div>` : ''}</td><td class="date">${esc(r.date.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</td><td>${esc(r.workload ?? '\u2014')}</td><td>${esc(r.nemesis ?? '\u2014')}</td><td class="num">${esc(r.seed ?? '\u2014')}</td><td class="num">${r.durationNs === null ? '\u2014' : fmtDuration(r.durationNs)}</td><td class="num">${r.ops === null ? '\u2014' : fmtInt(r.ops)}</td></tr>`;
  });
  const table = runs.length
    ? `<div class="filters"><input id="filter" type="search" placeholder="Filter by name, workload, nemesis\u2026" aria-label="filter runs"><button data-filter="all" class="on">All ${runs.length}</button><button data-filter="true">Valid ${count('true')}</button><button data-filter="false">Invalid ${count('false')}</button><button data-filter="unknown">Unknown ${count('unknown')}</button><button data-filter="none">Not checked ${count('none')}</button><span class="muted" id="shown"></span></div>
       <div class="table-scroll"><table><thead><tr><th>verdict</th><th>run</th><th>date</th><th>workload</th><th>nemesis</th><th class="num">seed</th><th class="num">duration</th><th class="num">operations</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    : '<p class="empty">No runs yet. Start one with <code>npx raft-chaos run --workload register --nemesis partition</code>.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>raft-chaos runs</title><style>${PAGE_CSS}${INDEX_CSS}</style></head>
<body><nav class="top"><div class="wrap"><span class="brand">raft<span>-chaos</span></span><span class="muted">${runs.length} run${runs.length === 1 ? '' : 's'}</span></div></nav>
<main class="wrap"><header class="run"><h1>Runs</h1><div class="meta">Newest first. ${esc(resultsDir)}</div></header>
<section class="panel" id="runs">${table}</section>
<footer>Generated by raft-chaos at ${esc(new Date().toISOString())}</footer></main>
${runs.length ? `<script>${INDEX_JS}</script>` : ''}</body></html>
`;
}

/** Write results/index.html; returns its path. */
export async function renderIndex(resultsDir: string): Promise<string> {
  const runs = await listRuns(resultsDir);
  const out = join(resultsDir, 'index.html');
  await writeFile(out, buildIndexPage(resultsDir, runs));
  return out;
}
