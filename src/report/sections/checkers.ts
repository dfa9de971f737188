// The checker cards: each checker's verdict, its one-line account, the facts that matter, and all
// of its details as JSON.
import type { RawRun } from '../load-run.js';
import type { PreparedRun } from '../page-data.js';
import { checkerFacts, checkerKind, checkerSentence } from '../checker-kinds.js';
import { esc, prettyJson } from '../html.js';
import { verdictClass, verdictLabel } from './summary.js';

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
  return `<div class="checker" data-checker="${esc(c.name)}"><h3>${esc(c.name)} <span class="pill pill-${verdictClass(c.valid)}">${esc(verdictLabel(c.valid))}</span></h3>
    <div>${esc(checkerSentence(c))}</div>${jump}${facts ? `<dl>${facts}</dl>` : ''}
    <details><summary>All details (JSON)</summary><pre class="json">${esc(prettyJson(c.data))}</pre></details></div>`;
}

function notApplicableCard(c: { readonly name: string; readonly reason: string }): string {
  return `<div class="checker" data-checker="${esc(c.name)}"><h3>${esc(c.name)} <span class="pill pill-none">Not applicable</span></h3>
    <div>Not checked: ${esc(c.reason)}. This checker judged nothing; it does not count towards the verdict.</div></div>`;
}

export function checkersSection(run: RawRun, prep: PreparedRun): string {
  const v = prep.verdicts;
  const body = v.checkers.length || v.notApplicable.length
    ? `<div class="checkers">${v.checkers.map((_, i) => checkerCard(run, prep, i)).join('')}${v.notApplicable.map(notApplicableCard).join('')}</div>`
    : run.results
      ? `<p class="empty">results.json names no checkers.</p><pre class="json">${esc(prettyJson(run.results))}</pre>`
      : '<p class="empty">No checker results: results.json is missing.</p>';
  return `<section class="panel" id="checkers"><h2>Checkers</h2><p class="lead">Each checker judges the run on its own; the run is valid only if every one is.</p>${body}</section>`;
}
