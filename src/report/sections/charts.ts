// The charts' frame: legends, zoom controls and the canvases the page script draws on.
import type { PreparedRun } from '../page-data.js';
import { esc } from '../html.js';

export const FAMILY_LEGEND = ['partition', 'crash', 'pause', 'clock'];

export function chartsSection(prep: PreparedRun): string {
  const families = [...new Set([...FAMILY_LEGEND.filter((f) => prep.data.faults.some((w) => w.family === f)), ...prep.data.faults.map((w) => w.family)])];
  const faultLegend = families.length
    ? families.map((f) => `<span><i class="sw band sw-${FAMILY_LEGEND.includes(f) ? f : 'other'}"></i>${esc(f)}</span>`).join('')
    : '<span>no faults injected</span>';
  const outcomes = '<span><i class="sw sw-ok"></i>ok</span><span><i class="sw sw-fail"></i>fail</span><span><i class="sw sw-info"></i>info (unknown)</span>';
  const toggles = [['ok', 'ok'], ['fail', 'fail'], ['info', 'info (unknown)']]
    .map(([o, label]) => `<button class="toggle" data-action="outcome" data-outcome="${o}" title="show or hide ${o} operations"><i class="sw sw-${o}"></i>${label}</button>`)
    .join('');
  const wrap = (id: string, label: string) => `<div class="chart-wrap"><canvas id="${id}" aria-label="${esc(label)}"></canvas><div class="crosshair"></div><div class="selection"></div></div>`;
  const keys = prep.data.ops.keys;
  const keyPicker = keys.length > 1
    ? `<label>key <select id="key-filter" aria-label="show one key"><option value="-1">all ${keys.length}</option>${keys.map((k, i) => `<option value="${i}">${esc(k)}</option>`).join('')}</select></label>`
    : '';
  const noOps = prep.data.ops.n === 0 ? '<p class="empty">No client operations were recorded.</p>' : '';
  return `<section class="panel" id="charts"><h2>What happened, over time</h2>
  <div class="chart-toolbar"><div class="legend"><b class="c-text">Faults:</b>${faultLegend}</div>
  <div class="zoom">${keyPicker}<span id="zoom-label"></span><button data-action="zoom-out" disabled>Zoom out</button><button data-action="zoom-reset" disabled>Whole run</button></div></div>
  <p class="lead">Drag across any chart to zoom in on a time span, double-click to see the whole run; hover for details.</p>${noOps}
  <div class="chart-block" id="timeline"><h3>Operations by client process <span class="legend">${toggles}</span></h3>${wrap('timeline-canvas', 'operations timeline')}</div>
  <div class="chart-block" id="latency"><h3>Latency (by invocation time, log scale) <span class="legend">${toggles}<span><i class="line"></i>ok p50</span><span><i class="line dashed"></i>ok p99</span></span></h3>${wrap('latency-canvas', 'latency over time')}</div>
  <div class="chart-block" id="throughput"><h3>Throughput (completions per second) <span class="legend">${outcomes}</span></h3>${wrap('throughput-canvas', 'throughput over time')}</div>
  <div class="chart-block" id="leadership"><h3>Leadership <span class="legend"><span><i class="sw sw-leader"></i>leader (T = term)</span><span><i class="sw hatch"></i>down (killed)</span><span><i class="sw pausehatch"></i>paused</span><span><i class="c-accent">\u25b2</i>restart</span><span><i class="c-text">\u2716</i>leader killed</span><span><i class="c-violation">\u26a0</i>violation</span></span></h3>${wrap('leadership-canvas', 'leadership timeline')}<p class="muted" id="leadership-summary"></p></div>
  </section>`;
}
