// A counterexample drawn as one self-contained HTML page (inline CSS and JS, no network), like
// Porcupine's visualization: per failing partition, a timeline with one lane per process, each
// operation a bar from call to return (unknown outcomes run off the right edge), the longest
// linearizable prefix numbered in order and joined by a line through the linearization points, the
// operations that could not be placed in red, and the model state after each step.
import type { CheckResult, PartitionCounterexample } from '../types.js';

const LANE_PX = 34;
const STEP_PX = 26;
const LEFT_PX = 90;

/** Text for HTML (a value of any type: results.json read back may hold anything). */
function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The SVG timeline of one partition; x is the rank of each distinct time, so gaps don't dominate. */
function timeline(cx: PartitionCounterexample): string {
  const times = new Set<number>();
  for (const op of cx.operations) {
    times.add(op.call);
    if (op.return !== null) times.add(op.return);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const rank = new Map(sorted.map((t, i) => [t, i]));
  const processes = [...new Set(cx.operations.map((o) => String(o.process)))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const lane = new Map(processes.map((p, i) => [p, i]));
  const width = LEFT_PX + (sorted.length + 2) * STEP_PX;
  const height = processes.length * LANE_PX + 36;
  const x = (t: number | null): number => LEFT_PX + (t === null ? sorted.length + 1 : rank.get(t)!) * STEP_PX;
  const order = new Map(cx.longestPrefix.map((s, i) => [s.op, i]));
  const stateAfter = new Map(cx.longestPrefix.map((s) => [s.op, s.stateAfter]));
  const failed = new Set(cx.couldNotPlace);
  const parts: string[] = [];
  processes.forEach((p, i) => {
    const y = i * LANE_PX + 20;
    parts.push(`<text class="lane" x="4" y="${y + 21}">process ${esc(p)}</text>`);
    parts.push(`<line class="laneline" x1="${LEFT_PX - 6}" x2="${width}" y1="${y + 30}" y2="${y + 30}"/>`);
  });
  const points: string[] = [];
  const linPoint = new Map<number, [number, number]>();
  for (const op of cx.operations) {
    const y = lane.get(String(op.process))! * LANE_PX + 20;
    const x1 = x(op.call);
    const x2 = Math.max(x(op.return), x1 + 8);
    const k = order.get(op.id);
    const cls =
      k !== undefined ? 'op lin' : failed.has(op.id) ? 'op bad' : op.id === cx.blockingOp ? 'op block' : 'op';
    const tip = `#${op.id} ${op.text}${k !== undefined ? `\nstep ${k + 1}; state after: ${stateAfter.get(op.id)}` : ''}${
      op.return === null ? '\n(unknown outcome: never returns)' : ''
    }${failed.has(op.id) ? `\ncannot be placed from state ${cx.stateAtFailure}` : ''}`;
    parts.push(
      `<g class="${cls}${op.return === null ? ' open' : ''}" data-op="${esc(op.id)}"><title>${esc(tip)}</title>` +
        `<rect x="${x1}" y="${y + 8}" width="${x2 - x1}" height="18" rx="3"/>` +
        `<text x="${x1 + 4}" y="${y + 21}">${esc(op.text)}</text></g>`,
    );
    if (k !== undefined) linPoint.set(k, [x1, y]);
  }
  // The linearization: the i-th operation's point must be at or after the (i-1)-th's.
  let lastX = 0;
  for (let k = 0; k < cx.longestPrefix.length; k++) {
    const [x1, y] = linPoint.get(k)!;
    const op = cx.operations.find((o) => o.id === cx.longestPrefix[k]!.op)!;
    const px = Math.max(x1 + 4, lastX);
    const end = op.return === null ? width : x(op.return);
    const cxp = Math.min(Math.max(px, x1 + 4), end);
    lastX = cxp;
    points.push(`${cxp},${y + 3}`);
    parts.push(`<circle class="pt" cx="${cxp}" cy="${y + 3}" r="7"/><text class="ptn" x="${cxp}" y="${y + 6}">${k + 1}</text>`);
  }
  const path = points.length > 1 ? `<polyline class="path" points="${points.join(' ')}"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${path}${parts.join('')}</svg>`;
}

function partitionSection(cx: PartitionCounterexample, i: number): string {
  const byId = new Map(cx.operations.map((o) => [o.id, o]));
  const rows = cx.longestPrefix
    .map((s, k) => `<tr><td>${k + 1}</td><td>#${esc(s.op)}</td><td>${esc(byId.get(s.op)?.text ?? '')}</td><td>${esc(s.stateAfter)}</td></tr>`)
    .join('');
  const bad = cx.couldNotPlace.map((id) => `<li>#${esc(id)} ${esc(byId.get(id)?.text ?? '')}</li>`).join('');
  const block =
    cx.blockingOp === null
      ? ''
      : `<p>The search could go no further: <b>#${esc(cx.blockingOp)} ${esc(byId.get(cx.blockingOp)?.text ?? '')}</b> cannot be linearized after this prefix (from state <code>${esc(cx.stateAtFailure)}</code>, no order of the operations that may precede it makes it possible).</p>`;
  const failing =
    cx.failingOp === null || cx.failingOp === undefined
      ? ''
      : `<p class="failing">The operation that could not be linearized, as Knossos names it: <code>${esc(cx.failingOp.edn)}</code> (#${esc(cx.failingOp.id)} ${esc(byId.get(cx.failingOp.id)?.text ?? '')}).</p>`;
  return `<section>
<h2>Partition ${i + 1}${cx.key === null ? '' : `: key ${esc(JSON.stringify(cx.key))}`} <small>(model ${esc(cx.model)}, ${esc(cx.operations.length)} operations)</small></h2>
<p>Longest linearizable prefix: <b>${cx.longestPrefix.length}</b> operations; state there: <code>${esc(cx.stateAtFailure)}</code>.</p>
${failing}
${block}
${bad ? `<p>Could not be placed from that state:</p><ul class="badlist">${bad}</ul>` : ''}
<div class="scroll">${timeline(cx)}</div>
<details><summary>The partial linearization, step by step</summary>
<table><tr><th>step</th><th>op</th><th>operation</th><th>state after</th></tr>${rows}</table></details>
</section>`;
}

/** The page's one inline style sheet and script (constants, so a Content-Security-Policy can hash them). */
export const COUNTEREXAMPLE_PAGE_CSS = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
.scroll{overflow-x:auto;border:1px solid #ddd;padding:4px;background:#fcfcfc}
svg text{font:11px ui-monospace,monospace}.lane{fill:#555}.laneline{stroke:#eee}
.op rect{fill:#e8eef7;stroke:#8aa2c8}.op.lin rect{fill:#d6f0d6;stroke:#3a9a3a}
.op.bad rect{fill:#f8d4d4;stroke:#c33}.op.block rect{fill:#fff0c8;stroke:#c90;stroke-width:2}
.op.open rect{stroke-dasharray:4 3}.op.hl rect{stroke:#000;stroke-width:2}
.path{fill:none;stroke:#3a9a3a;stroke-width:1.5}.pt{fill:#3a9a3a}.ptn{fill:#fff;text-anchor:middle;font-size:9px}
table{border-collapse:collapse;margin-top:.5em}td,th{border:1px solid #ddd;padding:2px 6px;font:12px ui-monospace,monospace;text-align:left}
.legend span{display:inline-block;padding:1px 6px;margin-right:6px;border:1px solid}.ok{color:#2a7a2a}.bad{color:#b22}
.lg-lin{background:#d6f0d6;border-color:#3a9a3a}.lg-bad{background:#f8d4d4;border-color:#c33}.lg-block{background:#fff0c8;border-color:#c90}.lg-open{border-style:dashed}`;

export const COUNTEREXAMPLE_PAGE_JS = `document.querySelectorAll('g.op').forEach(function(g){g.addEventListener('mouseenter',function(){g.classList.add('hl')});g.addEventListener('mouseleave',function(){g.classList.remove('hl')})});`;

/** The counterexample page for a result (a page saying so when there is nothing to show). */
export function renderCounterexampleHtml(result: CheckResult, title = 'Linearizability counterexample'): string {
  const cxs = result.counterexample ?? [];
  const verdict = result.valid === true ? '<b class="ok">linearizable</b>' : result.valid === false ? '<b class="bad">NOT linearizable</b>' : '<b>unknown</b> (time budget ran out)';
  const body = cxs.length === 0 ? '<p>No counterexample: the history is not known to be non-linearizable.</p>' : cxs.map(partitionSection).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${COUNTEREXAMPLE_PAGE_CSS}</style></head>
<body><h1>${esc(title)}</h1>
<p>Model <code>${esc(result.model)}</code>${result.nilRead === 'any' ? ' (a read of nil matches any state)' : ''}, ${esc(result.operations)} operations in ${esc(result.partitions.length)} partition(s), checked in ${esc(Number(result.ms).toFixed(1))} ms: ${verdict}.</p>
<p class="legend"><span class="lg-lin">linearized (numbered in order)</span><span class="lg-bad">could not be placed</span><span class="lg-block">had to be placed next</span><span class="lg-open">unknown outcome</span></p>
${body}
<script>${COUNTEREXAMPLE_PAGE_JS}</script></body></html>
`;
}
