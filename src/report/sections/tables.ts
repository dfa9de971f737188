// The reference tables at the bottom of a run's page: fault windows, latency by operation, node
// files, options.
import type { RawRun } from '../load-run.js';
import type { PreparedRun } from '../page-data.js';
import { esc, fmtBytes, fmtDuration, fmtInt, fmtMs, hrefOf, plural, prettyJson } from '../html.js';
import { isObject } from '../jsonl.js';
import { FAMILY_LEGEND } from './charts.js';

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
  const rows = ws.map((w) => `<tr><td class="nowrap"><i class="sw sw-${FAMILY_LEGEND.includes(w.family) ? w.family : 'other'}"></i>${esc(w.family)}</td><td><code>${esc(w.startF)}</code> ${esc(w.detail)}</td><td>${w.nodes.length ? esc(w.nodes.map((n) => `n${n}`).join(', ')) : dash}</td><td class="num">${(w.from / 1e6).toFixed(3)} s</td><td class="num">${w.open ? '<span class="muted">end of run</span>' : `${(w.to / 1e6).toFixed(3)} s`}</td><td class="num">${fmtDuration((w.to - w.from) * 1000)}</td>${statCells(w)}<td><button data-action="focus" data-t="${Math.round((w.from + w.to) / 2)}">Show</button></td></tr>`);
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
    ${rows.map((r) => `<tr${r.f === 'all' ? ' class="total"' : ''}><td>${esc(r.f)}</td><td class="num">${fmtInt(r.count)}</td><td class="num">${fmtInt(r.ok)}</td><td class="num">${fmtInt(r.fail)}</td><td class="num">${fmtInt(r.info)}</td><td class="num">${fmtMs(r.p50Ms)}</td><td class="num">${fmtMs(r.p95Ms)}</td><td class="num">${fmtMs(r.p99Ms)}</td><td class="num">${fmtMs(r.maxMs)}</td></tr>`).join('')}
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
    return `<tr><td><b>n${esc(n.id)}</b></td><td class="num">${fmtInt(n.events.length)}</td><td class="num">${led.length}</td><td>${led.length ? esc([...new Set(led.map((l) => l.term))].slice(0, 12).join(', ')) : '<span class="muted">\u2014</span>'}</td><td class="num">${restarts}</td><td class="files">${links.join(' ')}</td></tr>`;
  });
  return `<section class="panel" id="nodes"><h2>Nodes and logs</h2><div class="table-scroll"><table><thead><tr><th>node</th><th class="num">events</th><th class="num">times leader</th><th>terms led</th><th class="num">restarts</th><th>files</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

export function optionsSection(run: RawRun): string {
  if (!run.test) return '';
  const entries = Object.entries(run.test).filter(([, v]) => !isObject(v) || Object.keys(v).length < 20);
  const kv = entries.map(([k, v]) => `<div>${esc(k)}</div><div><code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code></div>`).join('');
  return `<section class="panel" id="options"><h2>Options</h2><div class="kv">${kv}</div><details><summary>test.json</summary><pre class="json">${esc(prettyJson(run.test))}</pre></details></section>`;
}
