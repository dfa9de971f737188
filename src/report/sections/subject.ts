// The subject panel of a run that tested a Maelstrom node: the binary, what the node did wrong
// (findings, protocol violations first), whether it keeps durable state, and the host network's
// counters per link (messages per second, drops). For a lab Raft (lab-go): the package, what it
// did wrong by itself (deadlocks and panics with their stacks, stalls) and the same network
// counters (its fault schedule is fault ops of the history, drawn with every other run's).
import type { RawRun } from '../load-run.js';
import { esc, fmtInt } from '../html.js';
import { isObject } from '../jsonl.js';

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function labGoSection(run: RawRun, subject: Record<string, unknown>): string {
  const checkers = run.results?.['checkers'];
  const checker = isObject(checkers) && isObject(checkers['findings']) ? checkers['findings'] : null;
  const findings = checker !== null && Array.isArray(checker['findings']) ? checker['findings'].filter(isObject) : [];
  const rows = findings
    .map(
      (f) =>
        `<tr><td>${esc(f['kind'])}</td><td>n${esc(f['node'])}</td><td>${esc(f['message'])}${typeof f['stack'] === 'string' ? `<pre>${esc(f['stack'])}</pre>` : ''}</td></tr>`,
    )
    .join('');
  const findingsHtml =
    findings.length === 0
      ? `<p>${esc(checker?.['message'] ?? 'No findings.')}</p>`
      : `<p class="bad">${fmtInt(findings.length)} finding(s).</p><table><thead><tr><th>Kind</th><th>Node</th><th>What (and the first lines of its stack)</th></tr></thead><tbody>${rows}</tbody></table>`;
  const network = isObject(subject['network']) ? subject['network'] : null;
  const files = Array.isArray(subject['files']) ? subject['files'].map(String).join(', ') : '';
  return `<section class="panel" id="subject"><h2>Subject: lab Raft</h2>
<p>Package <code>${esc(subject['packageName'])}</code> from <code>${esc(subject['labDir'])}</code> (${esc(files)}), one process per server behind the Go adapter. Votes, the Raft's log and its commit index are not visible through the lab API: the invariants that need them are not applicable; clock faults: not available.</p>
<h3>Findings</h3>${findingsHtml}
<h3>Network</h3><p>${esc(network?.['summary'] ?? '')}</p>
</section>`;
}

export function subjectSection(run: RawRun): string {
  const subject = run.results?.['subject'];
  if (isObject(subject) && subject['name'] === 'lab-go') return labGoSection(run, subject);
  if (!isObject(subject) || subject['name'] !== 'maelstrom') return '';
  const findings = Array.isArray(subject['findings']) ? subject['findings'].filter(isObject) : [];
  const violations = findings.filter((f) => f['violation'] === true);
  const rows = findings
    .map(
      (f) =>
        `<tr><td>${esc(f['violation'] === true ? 'violation' : 'finding')}</td><td>${esc(f['kind'])}</td><td>${esc(f['node'])}</td><td class="num">${esc(num(f['timeS']).toFixed(3))} s</td><td>${esc(f['message'])}</td><td><code>${esc(f['line'] ?? '')}</code></td></tr>`,
    )
    .join('');
  const findingsHtml =
    findings.length === 0
      ? '<p>No misbehaviour: every stdout line was a message to a known node or client, every reply answered a request, every init was answered, and no node exited on its own.</p>'
      : `<p class="${violations.length > 0 ? 'bad' : ''}">${fmtInt(findings.length)} finding(s), ${fmtInt(violations.length)} protocol violation(s)${violations.length > 0 ? ': the run was stopped and raft-chaos exits 255' : ''}.</p>
<table><thead><tr><th></th><th>Kind</th><th>Node</th><th>Time</th><th>What</th><th>Line</th></tr></thead><tbody>${rows}</tbody></table>`;
  const durability = isObject(subject['durability']) ? subject['durability'] : null;
  const network = isObject(subject['network']) ? subject['network'] : null;
  const links = network !== null && Array.isArray(network['links']) ? network['links'].filter(isObject) : [];
  const linkRows = links
    .map(
      (l) =>
        `<tr><td>${esc(l['link'])}</td><td class="num">${fmtInt(num(l['sent']))}</td><td class="num">${esc(num(l['perS']))}</td><td class="num">${fmtInt(num(l['delivered']))}</td><td class="num">${fmtInt(num(l['partitioned']))}</td><td class="num">${fmtInt(num(l['lost']))}</td><td class="num">${fmtInt(num(l['duplicated']))}</td><td class="num">${fmtInt(num(l['undeliverable']))}</td></tr>`,
    )
    .join('');
  return `<section class="panel" id="subject"><h2>Subject: Maelstrom node</h2>
<p>Binary: <code>${esc(subject['bin'])}</code>. Raft invariants: not applicable (a Maelstrom node writes no event log); clock faults: not available.</p>
<h3>Findings</h3>${findingsHtml}
<h3>Durable state</h3><p>${esc(durability?.['note'] ?? 'unknown')}</p>
<h3>Network</h3><p>${esc(network?.['summary'] ?? '')}</p>
<table><thead><tr><th>Link</th><th>Sent</th><th>Per s</th><th>Delivered</th><th>Partitioned</th><th>Lost</th><th>Duplicated</th><th>Receiver down</th></tr></thead><tbody>${linkRows}</tbody></table>
</section>`;
}
