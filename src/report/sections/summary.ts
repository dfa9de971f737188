// The top of a run's page: title line, the verdict banner, missing-data notes, the summary cards
// and the command that reproduces the run.
import type { RawRun } from '../load-run.js';
import type { PreparedRun } from '../page-data.js';
import type { Valid } from '../verdict.js';
import { checkerSentence } from '../checker-kinds.js';
import { esc, fmtDuration, fmtInt, fmtMs, plural } from '../html.js';
import { reproduceCommand } from '../reproduce.js';
import { shellQuote } from '../../history/shell-quote.js';
import { isObject } from '../jsonl.js';

export function verdictClass(v: Valid | null): string {
  return v === null ? 'none' : String(v);
}
export function verdictLabel(v: Valid | null): string {
  if (v === true) return 'Valid';
  if (v === false) return 'Invalid';
  if (v === 'unknown') return 'Unknown';
  return 'Not checked';
}
const ICON = { true: '\u2714', false: '\u2716', unknown: '?', none: '\u2013' } as const;

export function optionText(test: Record<string, unknown> | null, ...names: string[]): string | null {
  if (!test) return null;
  const sources = [test, isObject(test['options']) ? test['options'] : {}];
  for (const src of sources)
    for (const n of names) {
      const v = src[n];
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      if (Array.isArray(v) && v.length) return v.join(',');
    }
  return null;
}

export function headerSection(run: RawRun, prep: PreparedRun): string {
  const t = run.test;
  const meta = [
    optionText(t, 'workload') && `workload <b>${esc(optionText(t, 'workload'))}</b>`,
    optionText(t, 'nemesis') && `nemesis <b>${esc(optionText(t, 'nemesis'))}</b>`,
    optionText(t, 'nodes') && `${esc(optionText(t, 'nodes'))} nodes`,
    optionText(t, 'seed') && `seed <b>${esc(optionText(t, 'seed'))}</b>`,
    `${fmtDuration(prep.runEndNs)} of history`,
    plural(prep.summary.total, 'operation'),
    optionText(t, 'startedAt', 'startTime', 'date') && esc(fmtDate(optionText(t, 'startedAt', 'startTime', 'date')!)),
  ].filter(Boolean);
  return `<header class="run"><h1>${esc(run.name)}</h1><div class="meta">${meta.join(' \u00b7 ')}</div></header>`;
}

/** 2026-11-25T12:00:04.000Z -> 2026-11-25 12:00:04 UTC; anything else unchanged. */
export function fmtDate(text: string): string {
  const t = Date.parse(text);
  if (!Number.isFinite(t)) return text;
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function verdictSection(run: RawRun, prep: PreparedRun): string {
  const v = prep.verdicts.overall;
  const cls = verdictClass(v);
  let why: string[];
  if (v === null) {
    why = run.results === null
      ? [`This run has not been checked: results.json is missing or unreadable. Check it with <code>npx raft-chaos check ${esc(shellQuote(run.dir))}</code>.`]
      : ['results.json holds no verdict.'];
  } else {
    why = prep.verdicts.checkers.map((c) => {
      const s = esc(checkerSentence(c));
      return `<p><span class="pill pill-${verdictClass(c.valid)}">${esc(c.name)}</span> ${s}</p>`;
    });
    if (why.length === 0) why = ['<p>results.json gives an overall verdict but no checker details.</p>'];
  }
  return `<section class="verdict verdict-${cls}" id="verdict" data-verdict="${esc(cls)}">
  <div class="word"><span class="icon">${ICON[cls as keyof typeof ICON] ?? '?'}</span><span class="verdict-word">${verdictLabel(v)}</span></div>
  <div class="why">${why.join('')}</div></section>`;
}

export function problemsSection(run: RawRun, prep: PreparedRun): string {
  const items = [...run.problems];
  const info = run.results && isObject(run.results['run']) ? run.results['run'] : null;
  if (info?.['interrupted'] === true) items.unshift('The run was interrupted before its planned end (Ctrl-C): the history stops there.');
  if (typeof info?.['error'] === 'string') items.unshift(`The tool failed during the run: ${info['error']}`);
  if (prep.data.thinned)
    items.push(`This run has ${fmtInt(prep.data.totalOps)} operations; the charts show a thinned set of ${fmtInt(prep.data.ops.n)} (every failed and unknown operation kept, ok operations sampled evenly). Counts, throughput and the latency table use all of them.`);
  if (items.length === 0) return '';
  return `<div class="callout warn" id="problems"><strong>Some of this run\u2019s data is missing or incomplete.</strong> The page shows what is there.<ul>${items.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>`;
}

export function cardsSection(prep: PreparedRun): string {
  const s = prep.summary;
  const all = s.rows.find((r) => r.f === 'all') ?? s.rows[0];
  const families = new Map<string, number>();
  for (const w of prep.data.faults) families.set(w.family, (families.get(w.family) ?? 0) + 1);
  const terms = new Set(prep.data.leadership.leaders.map((l) => l.term));
  const cards = [
    ['Operations', fmtInt(s.total), `<span class="good">${fmtInt(s.ok)} ok</span> \u00b7 <span class="bad">${fmtInt(s.fail)} fail</span> \u00b7 <span class="c-warn">${fmtInt(s.info)} info</span>`],
    ['Throughput', `${s.okPerS.toFixed(s.okPerS < 10 ? 1 : 0)}/s`, `ok operations over ${fmtDuration(prep.runEndNs)}`],
    ['Latency p50 / p99', all ? `${fmtMs(all.p50Ms)}` : '\u2014', all ? `p99 ${fmtMs(all.p99Ms)} \u00b7 max ${fmtMs(all.maxMs)}` : 'no completed operation'],
    ['Faults', fmtInt(prep.data.faults.length), families.size ? [...families].map(([f, n]) => `${n} ${esc(f)}`).join(' \u00b7 ') : 'none injected'],
    ['Leaders', fmtInt(prep.data.leadership.leaders.length), `${plural(terms.size, 'term')} \u00b7 ${plural(prep.data.leadership.restarts.length, 'restart')}`],
    ['Clients', fmtInt(s.processes), `processes in ${plural(prep.data.lanes.length, 'lane')}`],
  ];
  return `<div class="cards">${cards.map(([l, v, sub]) => `<div class="card"><div class="label">${l}</div><div class="value">${v}</div><div class="sub">${sub}</div></div>`).join('')}</div>`;
}

export function reproduceSection(run: RawRun): string {
  const cmd = reproduceCommand(run.test);
  const body = cmd
    ? `<div class="command"><code id="repro-cmd">${esc(cmd)}</code><button data-action="copy" data-target="repro-cmd">Copy</button></div>
       <p class="muted">Every random choice of the run (schedule, fault targets, values) comes from the seed, so this command replays the same run${optionText(run.test, 'mode') === 'sim' ? ' exactly (deterministic simulation)' : ' (timing on a real cluster still varies)'}. Re-check these files with <code>npx raft-chaos check ${esc(shellQuote(run.dir))}</code>; rebuild this page with <code>npx raft-chaos report ${esc(shellQuote(run.dir))}</code>.</p>`
    : '<p class="empty">test.json is missing, so the options and the command that reproduces this run are unknown.</p>';
  return `<section class="panel" id="reproduce"><h2>Reproduce</h2>${body}</section>`;
}
