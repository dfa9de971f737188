// Why a run is invalid: the invariant violations with the events that break them, and the
// linearizability counterexample (explained in words, drawn by the page script, and the checker's
// own view embedded).
import type { PreparedRun } from '../page-data.js';
import { checkerKind } from '../checker-kinds.js';
import { esc } from '../html.js';
import { isObject } from '../jsonl.js';

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
    const focus = prep.data.ops.n > 0 ? ` <button data-action="ce-focus" data-ce="${i}">Show on the charts</button>` : '';
    return `<div class="ce" data-counterexample="${i}"><h3 class="ce-head"><span>${esc(key)}${ce['model'] ? ` <span class="muted">\u00b7 model ${esc(str(ce['model']))}</span>` : ''}</span>${focus}</h3>
      <div class="explain"><p>The checker placed the first <b>${prefix.length}</b> operation${prefix.length === 1 ? '' : 's'} (green, numbered in the order they took effect), leaving the state <code>${esc(state)}</code>.</p>
      <p>${nextText}${blockText} The checker tried every other order too: none explains what the clients saw.</p></div>
      <div class="chart-wrap"><canvas id="ce-canvas-${i}" aria-label="counterexample timeline"></canvas></div><p class="muted" id="ce-note-${i}"></p>
      <div class="lists"><div><h3>Longest linearizable prefix</h3>${prefixList}</div><div><h3>Could not be placed</h3>${badList}</div></div></div>`;
  });
  const none = ces.length === 0 ? '<p class="empty">The linearizability checker gave no counterexample data (it may have been disabled or cut short).</p>' : '';
  return `<section class="panel" id="counterexample"><h2>Linearizability counterexample</h2>
    <p class="lead">Why the history is not linearizable: the longest prefix the search could order, and the operations that could not come next.</p>${pages}${none}${views.join('')}${frame}</section>`;
}
