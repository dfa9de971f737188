// The server-side sections of a run's page: everything that is text (verdict, options, checker
// cards, violations, counterexample explanations, fault and latency tables, node files). The
// charts are canvases that the page script fills in.
import type { RawRun } from './load-run.js';
import type { PreparedRun } from './page-data.js';
import type { Valid } from './verdict.js';
import { checkerFacts, checkerKind, checkerSentence } from './checker-kinds.js';
import { esc, fmtBytes, fmtDuration, fmtInt, fmtMs, hrefOf, plural, prettyJson } from './html.js';
import { reproduceCommand } from './reproduce.js';
import { isObject } from './jsonl.js';

export function verdictClass(v: Valid | null): string {
  return v === null ? 'none' : String(v);
}
export function verdictWord(v: Valid | null): string {
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
      ? [`This run has not been checked: results.json is missing or unreadable. Check it with <code>npx raft-chaos check ${esc(run.dir)}</code>.`]
      : ['results.json holds no verdict.'];
  } else {
    why = prep.verdicts.checkers.map((c) => {
      const s = esc(checkerSentence(c));
      return `<p><span class="pill pill-${verdictClass(c.valid)}">${esc(c.name)}</span> ${s}</p>`;
    });
    if (why.length === 0) why = ['<p>results.json gives an overall verdict but no checker details.</p>'];
  }
  return `<section class="verdict verdict-${cls}" id="verdict" data-verdict="${esc(cls)}">
  <div class="word"><span class="icon">${ICON[cls as keyof typeof ICON] ?? '?'}</span><span class="verdict-word">${verdictWord(v)}</span></div>
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
    ['Operations', fmtInt(s.total), `<span class="good">${fmtInt(s.ok)} ok</span> \u00b7 <span class="bad">${fmtInt(s.fail)} fail</span> \u00b7 <span style="color:var(--warn)">${fmtInt(s.info)} info</span>`],
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
       <p class="muted">Every random choice of the run (schedule, fault targets, values) comes from the seed, so this command replays the same run${optionText(run.test, 'mode') === 'sim' ? ' exactly (deterministic simulation)' : ' (timing on a real cluster still varies)'}. Re-check these files with <code>npx raft-chaos check ${esc(run.dir)}</code>; rebuild this page with <code>npx raft-chaos report ${esc(run.dir)}</code>.</p>`
    : '<p class="empty">test.json is missing, so the options and the command that reproduces this run are unknown.</p>';
  return `<section class="panel" id="reproduce"><h2>Reproduce</h2>${body}</section>`;
}

function checkerCard(run: RawRun, prep: PreparedRun, index: number): string {
  const c = prep.verdicts.checkers[index]!;
  const facts = checkerFacts(c)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('');
  const kind = checkerKind(c);
  const jump =
    kind === 'linearizability' && c.valid === false ? '<p><a href="#counterexample">See the counterexample \u2193</a></p>'
    : kind === 'invariants' && Array.isArray(c.data['violations']) && c.data['violations'].length ? '<p><a href="#violations">See the violations \u2193</a></p>'
    : '';
  return `<div class="checker" data-checker="${esc(c.name)}"><h3>${esc(c.name)} <span class="pill pill-${verdictClass(c.valid)}">${esc(verdictWord(c.valid))}</span></h3>
    <div>${esc(checkerSentence(c))}</div>${jump}${facts ? `<dl>${facts}</dl>` : ''}
    <details><summary>All details (JSON)</summary><pre class="json">${esc(prettyJson(c.data))}</pre></details></div>`;
}

export function checkersSection(run: RawRun, prep: PreparedRun): string {
  const v = prep.verdicts;
  const body = v.checkers.length
    ? `<div class="checkers">${v.checkers.map((_, i) => checkerCard(run, prep, i)).join('')}</div>`
    : run.results
      ? `<p class="empty">results.json names no checkers.</p><pre class="json">${esc(prettyJson(run.results))}</pre>`
      : '<p class="empty">No checker results: results.json is missing.</p>';
  return `<section class="panel" id="checkers"><h2>Checkers</h2><p class="lead">Each checker judges the run on its own; the run is valid only if every one is.</p>${body}</section>`;
}

function eventLine(e: unknown): string {
  if (!isObject(e)) return `<td colspan="4"><code>${esc(JSON.stringify(e))}</code></td>`;
  const rest = Object.entries(e).filter(([k]) => k !== 'node' && k !== 'time' && k !== 'kind');
  return `<td>${e['node'] !== undefined ? `n${esc(e['node'])}` : ''}</td><td class="num">${typeof e['time'] === 'number' ? `${(e['time'] / 1e9).toFixed(6)} s` : ''}</td><td><code>${esc(e['kind'] ?? '')}</code></td><td><code>${esc(rest.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' '))}</code></td>`;
}

export function violationsSection(prep: PreparedRun): string {
  const vs = prep.data.violations;
  if (vs.length === 0) return '';
  const items = vs.map((v, i) => {
    const focus = v.t === null ? '' : `<button data-action="focus" data-t="${v.t}">Show at ${(v.t / 1e6).toFixed(3)} s on the charts</button>`;
    const events = v.events.length
      ? `<div class="table-scroll"><table><thead><tr><th>node</th><th class="num">time</th><th>event</th><th>details</th></tr></thead><tbody>${v.events.slice(0, 50).map((e) => `<tr>${eventLine(e)}</tr>`).join('')}</tbody></table></div>${v.events.length > 50 ? `<p class="muted">\u2026 and ${v.events.length - 50} more events.</p>` : ''}`
      : '<p class="muted">The checker named no events for this violation.</p>';
    const uncertain = v.certain ? '' : ' <span class="pill pill-unknown" title="the evidence was written just before a crash, which may legitimately lose it">uncertain</span>';
    return `<div class="violation" id="violation-${i}"><div class="head"><span><span class="name">${esc(v.invariant)}</span>${uncertain}${v.t === null ? '' : ` <span class="muted">at ${(v.t / 1e6).toFixed(3)} s</span>`}</span>${focus}</div><p>${esc(v.message)}</p>${events}</div>`;
  });
  return `<section class="panel" id="violations"><h2>Invariant violations <span class="pill pill-false">${vs.length}</span></h2>
    <p class="lead">Raft safety properties broken in the node event logs, with the events that break them. Each is marked \u26a0 on the charts below.</p>${items.join('')}</section>`;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? fallback : JSON.stringify(v);
}

export function counterexampleSection(prep: PreparedRun, checkerPages: { href: string; label: string }[], embedded: string | null): string {
  const ces = prep.data.counterexamples;
  const lin = prep.verdicts.checkers.find((c) => checkerKind(c) === 'linearizability');
  if (ces.length === 0 && !(lin && lin.valid === false) && checkerPages.length === 0) return '';
  const pages = checkerPages.length
    ? `<p>The checker\u2019s own view: ${checkerPages.map((p) => `<a href="${esc(p.href)}" target="_blank">${esc(p.label)}</a>`).join(' \u00b7 ')}</p>`
    : '';
  const frame = embedded ? `<h3>The checker\u2019s counterexample view</h3><iframe class="checker-page" title="the checker\u2019s counterexample view" srcdoc="${esc(embedded)}"></iframe>` : '';
  const views = ces.map((ce, i) => {
    const ops = Array.isArray(ce['operations']) ? (ce['operations'] as Record<string, unknown>[]) : [];
    const text = new Map<unknown, string>(ops.map((o) => [o['id'], str(o['text'], `op ${str(o['id'])}`)]));
    const prefix = Array.isArray(ce['longestPrefix']) ? (ce['longestPrefix'] as Record<string, unknown>[]) : [];
    const bad = Array.isArray(ce['couldNotPlace']) ? (ce['couldNotPlace'] as unknown[]) : [];
    const blocking = ce['blockingOp'];
    const state = str(ce['stateAtFailure'], '?');
    const key = ce['key'] === null || ce['key'] === undefined ? 'the whole history' : `key ${str(ce['key'])}`;
    const shownPrefix = prefix.slice(-15);
    const prefixList = prefix.length
      ? `<ol start="${prefix.length - shownPrefix.length + 1}">${shownPrefix.map((s) => `<li>${esc(text.get(s['op']) ?? `op ${str(s['op'])}`)} <span class="st">\u21d2 ${esc(str(s['stateAfter']))}</span></li>`).join('')}</ol>${prefix.length > shownPrefix.length ? `<p class="muted">(the first ${prefix.length - shownPrefix.length} steps are not listed)</p>` : ''}`
      : '<p class="muted">Empty: not even the first operation could be placed.</p>';
    const badList = bad.length || blocking !== null
      ? `<ul>${bad.map((id) => `<li class="badop">${esc(text.get(id) ?? `op ${str(id)}`)}</li>`).join('')}${blocking !== null && blocking !== undefined && !bad.includes(blocking) ? `<li class="badop">${esc(text.get(blocking) ?? `op ${str(blocking)}`)} <span class="st">(blocking)</span></li>` : ''}</ul>`
      : '<p class="muted">none recorded</p>';
    const blockingText = blocking !== null && blocking !== undefined ? text.get(blocking) ?? `op ${str(blocking)}` : null;
    const badNames = bad.map((id) => `<b class="bad">${esc(text.get(id) ?? `op ${str(id)}`)}</b>`);
    const nextText = bad.length
      ? `From <code>${esc(state)}</code> the search could not go on: ${badNames.length === 1 ? badNames[0] : `${badNames.slice(0, -1).join(', ')} and ${badNames[badNames.length - 1]}`} cannot take effect next, ${bad.length === 1 ? 'its result is' : 'their results are'} impossible in that state.`
      : `From <code>${esc(state)}</code> the search could not go on: no remaining operation can take effect next.`;
    const blockText = blockingText
      ? ` <b>${esc(blockingText)}</b> (outlined) had already returned, so it could not be put off any longer.`
      : '';
    return `<div class="ce" data-counterexample="${i}"><h3>${esc(key)}${ce['model'] ? ` <span class="muted">\u00b7 model ${esc(str(ce['model']))}</span>` : ''}</h3>
      <div class="explain"><p>The checker placed the first <b>${prefix.length}</b> operation${prefix.length === 1 ? '' : 's'} (green, numbered in the order they took effect), leaving the state <code>${esc(state)}</code>.</p>
      <p>${nextText}${blockText} The checker tried every other order too: none explains what the clients saw.</p></div>
      <div class="chart-wrap"><canvas id="ce-canvas-${i}" aria-label="counterexample timeline"></canvas></div><p class="muted" id="ce-note-${i}"></p>
      <div class="lists"><div><h3>Longest linearizable prefix</h3>${prefixList}</div><div><h3>Could not be placed</h3>${badList}</div></div></div>`;
  });
  const none = ces.length === 0 ? '<p class="empty">The linearizability checker gave no counterexample data (it may have been disabled or cut short).</p>' : '';
  return `<section class="panel" id="counterexample"><h2>Linearizability counterexample</h2>
    <p class="lead">Why the history is not linearizable: the longest prefix the search could order, and the operations that could not come next.</p>${pages}${none}${views.join('')}${frame}</section>`;
}

const FAMILY_LEGEND = ['partition', 'crash', 'pause', 'clock'];

export function chartsSection(prep: PreparedRun): string {
  const families = [...new Set([...FAMILY_LEGEND.filter((f) => prep.data.faults.some((w) => w.family === f)), ...prep.data.faults.map((w) => w.family)])];
  const faultLegend = families.length
    ? families.map((f) => `<span><i class="sw band" style="background:var(--c-${FAMILY_LEGEND.includes(f) ? f : 'other'})"></i>${esc(f)}</span>`).join('')
    : '<span>no faults injected</span>';
  const outcomes = '<span><i class="sw" style="background:var(--c-ok)"></i>ok</span><span><i class="sw" style="background:var(--c-fail)"></i>fail</span><span><i class="sw" style="background:var(--c-info)"></i>info (unknown)</span>';
  const toggles = [['ok', 'ok'], ['fail', 'fail'], ['info', 'info (unknown)']]
    .map(([o, label]) => `<button class="toggle" data-action="outcome" data-outcome="${o}" title="show or hide ${o} operations"><i class="sw" style="background:var(--c-${o})"></i>${label}</button>`)
    .join('');
  const wrap = (id: string, label: string) => `<div class="chart-wrap"><canvas id="${id}" aria-label="${esc(label)}"></canvas><div class="crosshair"></div><div class="selection"></div></div>`;
  const noOps = prep.data.ops.n === 0 ? '<p class="empty">No client operations were recorded.</p>' : '';
  return `<section class="panel" id="charts"><h2>What happened, over time</h2>
  <div class="chart-toolbar"><div class="legend"><b style="color:var(--text)">Faults:</b>${faultLegend}</div>
  <div class="zoom"><span id="zoom-label"></span><button data-action="zoom-out" disabled>Zoom out</button><button data-action="zoom-reset" disabled>Whole run</button></div></div>
  <p class="lead">Drag across any chart to zoom in on a time span, double-click to see the whole run; hover for details.</p>${noOps}
  <div class="chart-block" id="timeline"><h3>Operations by client process <span class="legend">${toggles}</span></h3>${wrap('timeline-canvas', 'operations timeline')}</div>
  <div class="chart-block" id="latency"><h3>Latency (by invocation time, log scale) <span class="legend">${toggles}</span></h3>${wrap('latency-canvas', 'latency over time')}</div>
  <div class="chart-block" id="throughput"><h3>Throughput (completions per second) <span class="legend">${outcomes}</span></h3>${wrap('throughput-canvas', 'throughput over time')}</div>
  <div class="chart-block" id="leadership"><h3>Leadership <span class="legend"><span><i class="sw" style="background:hsl(247,58%,52%)"></i>leader (T = term)</span><span><i class="sw hatch"></i>down (killed)</span><span><i class="sw pausehatch"></i>paused</span><span><i style="color:var(--c-accent)">\u25b2</i>restart</span><span><i style="color:var(--text)">\u2716</i>leader killed</span><span><i style="color:var(--c-violation)">\u26a0</i>violation</span></span></h3>${wrap('leadership-canvas', 'leadership timeline')}<p class="muted" id="leadership-summary"></p></div>
  </section>`;
}

const FAULT_ROWS_SHOWN = 12;

export function faultsSection(prep: PreparedRun): string {
  const ws = prep.data.faults;
  const events = prep.data.faultEvents;
  if (ws.length === 0 && events.length === 0) return '';
  const withStats = ws.some((w) => w.stats !== null);
  const dash = '<span class="muted">\u2014</span>';
  const statCells = (w: (typeof ws)[number]): string => {
    if (!withStats) return '';
    const st = w.stats;
    if (!st) return `<td class="num">${dash}</td><td class="num">${dash}</td><td class="num">${dash}</td>`;
    const avail = st.availability === null ? dash : `${(st.availability * 100).toFixed(0)}% <span class="muted">of ${fmtInt(st.completed)}</span>`;
    const leader = st.timeToNewLeaderMs === null ? dash : `${fmtMs(st.timeToNewLeaderMs)}${st.newLeader ? ` <span class="muted">n${st.newLeader.node}, T${st.newLeader.term}</span>` : ''}`;
    return `<td class="num">${avail}</td><td class="num">${leader}</td><td class="num">${st.firstOkWriteMs === null ? dash : fmtMs(st.firstOkWriteMs)}</td>`;
  };
  const rows = ws.map((w) => `<tr><td><i class="sw" style="background:var(--c-${FAMILY_LEGEND.includes(w.family) ? w.family : 'other'})"></i>${esc(w.family)}</td><td><code>${esc(w.startF)}</code> ${esc(w.detail)}</td><td>${w.nodes.length ? w.nodes.map((n) => `n${n}`).join(', ') : dash}</td><td class="num">${(w.from / 1e6).toFixed(3)} s</td><td class="num">${w.open ? '<span class="muted">end of run</span>' : `${(w.to / 1e6).toFixed(3)} s`}</td><td class="num">${fmtDuration((w.to - w.from) * 1000)}</td>${statCells(w)}<td><button data-action="focus" data-t="${Math.round((w.from + w.to) / 2)}">Show</button></td></tr>`);
  const statHeads = withStats ? '<th class="num" title="ok / completed client operations invoked during the window">availability</th><th class="num">new leader after</th><th class="num">first ok write after</th>' : '';
  return `<section class="panel" id="faults"><h2>Faults</h2><p class="lead">${plural(events.length, 'nemesis action')}, forming ${plural(ws.length, 'fault window')}.${withStats ? ' Availability and recovery times from the perf checker.' : ''}</p>
    <div class="table-scroll"><table><thead><tr><th>family</th><th>fault</th><th>nodes</th><th class="num">from</th><th class="num">to</th><th class="num">length</th>${statHeads}<th></th></tr></thead><tbody>${rows.slice(0, FAULT_ROWS_SHOWN).join('')}</tbody>${rows.length > FAULT_ROWS_SHOWN ? `<tbody class="more" hidden>${rows.slice(FAULT_ROWS_SHOWN).join('')}</tbody>` : ''}</table></div>
    ${rows.length > FAULT_ROWS_SHOWN ? `<p><button data-action="more" data-target="faults">Show all ${rows.length} fault windows</button></p>` : ''}</section>`;
}

export function latencyTableSection(prep: PreparedRun): string {
  const rows = prep.summary.rows;
  if (rows.length === 0) return '';
  return `<section class="panel" id="latency-table"><h2>Operations and latency</h2><p class="lead">Latency of completed (ok) operations, by operation.</p>
    <div class="table-scroll"><table><thead><tr><th>operation</th><th class="num">count</th><th class="num">ok</th><th class="num">fail</th><th class="num">info</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th></tr></thead><tbody>
    ${rows.map((r) => `<tr${r.f === 'all' ? ' style="font-weight:600"' : ''}><td>${esc(r.f)}</td><td class="num">${fmtInt(r.count)}</td><td class="num">${fmtInt(r.ok)}</td><td class="num">${fmtInt(r.fail)}</td><td class="num">${fmtInt(r.info)}</td><td class="num">${fmtMs(r.p50Ms)}</td><td class="num">${fmtMs(r.p95Ms)}</td><td class="num">${fmtMs(r.p99Ms)}</td><td class="num">${fmtMs(r.maxMs)}</td></tr>`).join('')}
    </tbody></table></div></section>`;
}

export function nodesSection(run: RawRun, prep: PreparedRun): string {
  if (run.nodes.length === 0) return `<section class="panel" id="nodes"><h2>Nodes and logs</h2><p class="empty">No node directories (nodes/n&lt;i&gt;/) in this run.</p></section>`;
  const rows = run.nodes.map((n) => {
    const led = prep.data.leadership.leaders.filter((l) => l.node === n.id);
    const restarts = prep.data.leadership.restarts.filter((r) => r.node === n.id).length;
    // stdout, stderr and events first (stdout or stdout.log, as the controller names them), then the rest.
    const rank = (name: string): number => (name.startsWith('stdout') ? 0 : name.startsWith('stderr') ? 1 : name === 'events.jsonl' ? 2 : 3);
    const files = [...n.files].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
    const links = files.map((f) => `<a href="${hrefOf('nodes', n.dirName, f.name)}">${esc(f.name)}</a> <span class="size">${fmtBytes(f.bytes)}</span>`);
    for (const [what, test] of [['stdout', 0], ['stderr', 1], ['events.jsonl', 2]] as const)
      if (!files.some((f) => rank(f.name) === test)) links.push(`<span class="muted">${what} missing</span>`);
    return `<tr><td><b>n${n.id}</b></td><td class="num">${fmtInt(n.events.length)}</td><td class="num">${led.length}</td><td>${led.length ? [...new Set(led.map((l) => l.term))].slice(0, 12).join(', ') : '<span class="muted">\u2014</span>'}</td><td class="num">${restarts}</td><td class="files">${links.join(' ')}</td></tr>`;
  });
  return `<section class="panel" id="nodes"><h2>Nodes and logs</h2><div class="table-scroll"><table><thead><tr><th>node</th><th class="num">events</th><th class="num">times leader</th><th>terms led</th><th class="num">restarts</th><th>files</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

export function optionsSection(run: RawRun): string {
  if (!run.test) return '';
  const entries = Object.entries(run.test).filter(([, v]) => !isObject(v) || Object.keys(v).length < 20);
  const kv = entries.map(([k, v]) => `<div>${esc(k)}</div><div><code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code></div>`).join('');
  return `<section class="panel" id="options"><h2>Options</h2><div class="kv">${kv}</div><details><summary>test.json</summary><pre class="json">${esc(prettyJson(run.test))}</pre></details></section>`;
}
