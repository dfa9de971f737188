// Browser code: start-up. Parses the embedded data, builds the charts, wires the buttons, and
// records how long it all took in window.__report (the browser test prints it).
import { CORE_JS } from './core.js';
import { INTERACTION_JS } from './interaction.js';
import { TIMELINE_JS } from './timeline.js';
import { LATENCY_JS } from './latency.js';
import { LEADERSHIP_JS } from './leadership.js';
import { COUNTEREXAMPLE_JS } from './counterexample.js';

const MAIN_JS = String.raw`
loadTheme();
var timelineChart = makeChart('timeline-canvas', {
  height: function () { return MARGIN.top + MARGIN.bottom + laneCount * laneHeight(); },
  draw: drawTimeline, hit: hitTimeline,
});
var latencyChart = makeChart('latency-canvas', { height: 280, draw: drawLatency, hit: hitLatency });
var throughputChart = makeChart('throughput-canvas', { height: 200, draw: drawThroughput, hit: hitThroughput });
var leadershipChart = makeChart('leadership-canvas', {
  height: function () { return MARGIN.top + MARGIN.bottom + leaderRows() * ROW_H; },
  draw: drawLeadership, hit: hitLeadership,
});
DATA.counterexamples.forEach(function (ce, i) { makeCounterexampleChart(ce, i); });
leadershipSummary();
drawAll();

document.addEventListener('click', function (ev) {
  var el = ev.target.closest ? ev.target.closest('[data-action]') : null;
  if (!el) return;
  var action = el.getAttribute('data-action');
  if (action === 'zoom-reset') setView(fullView.t0, fullView.t1);
  else if (action === 'zoom-out') zoomOut();
  else if (action === 'outcome') {
    var o = OUTCOMES.indexOf(el.getAttribute('data-outcome'));
    hiddenOutcomes[o] = !hiddenOutcomes[o];
    document.querySelectorAll('[data-outcome="' + OUTCOMES[o] + '"]').forEach(function (b) { b.classList.toggle('off', hiddenOutcomes[o]); });
    if (timelineChart) drawChart(timelineChart);
    if (latencyChart) drawChart(latencyChart);
  }
  else if (action === 'ce-focus') {
    // a counterexample's times start at its key's first operation
    var ce = DATA.counterexamples[Number(el.getAttribute('data-ce'))];
    var k = DATA.ops.keys.indexOf(ce.key === null || ce.key === undefined ? '' : String(ce.key));
    var first = Infinity;
    for (var q = 0; q < DATA.ops.n; q++) if ((k < 0 || DATA.ops.key[q] === k) && DATA.ops.start[q] < first) first = DATA.ops.start[q];
    var f = ceFocus(ce);
    if (isFinite(first)) {
      if (k >= 0) setKey(k);
      var pad = Math.max(2000, (f.t1 - f.t0) / 1000 * 0.5);
      setView(first + f.t0 / 1000 - pad, first + f.t1 / 1000 + pad);
      var target = document.getElementById('charts');
      if (target) target.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }
  else if (action === 'more') {
    var sec = document.getElementById(el.getAttribute('data-target'));
    if (sec) sec.querySelectorAll('.more').forEach(function (m) { m.hidden = false; });
    el.parentElement.hidden = true;
  }
  else if (action === 'focus') {
    focusTime(Number(el.getAttribute('data-t')), Math.max(2e6, (fullView.t1 - fullView.t0) / 20));
    var target = document.getElementById('charts');
    if (target) target.scrollIntoView({ behavior: 'smooth', block: 'start' });
  } else if (action === 'copy') {
    var text = document.getElementById(el.getAttribute('data-target')).textContent;
    var done = function () { el.textContent = 'Copied'; setTimeout(function () { el.textContent = 'Copy'; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () {});
    else {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById(el.getAttribute('data-target')));
      var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      try { document.execCommand('copy'); done(); } catch (e) { /* the command stays selected */ }
    }
  }
});
// the checker's own counterexample page: as tall as its content
document.querySelectorAll('iframe.checker-page').forEach(function (frame) {
  var fit = function () {
    try { frame.style.height = Math.min(2400, frame.contentDocument.documentElement.scrollHeight + 24) + 'px'; } catch (e) { /* keep the default */ }
  };
  frame.addEventListener('load', fit);
  fit();
});
// the key filter (multi-key workloads)
var keySelect = document.getElementById('key-filter');
function setKey(k) {
  keyFilter = k;
  if (keySelect) keySelect.value = String(k);
  if (timelineChart) drawChart(timelineChart);
  if (latencyChart) drawChart(latencyChart);
}
if (keySelect) keySelect.addEventListener('change', function () { setKey(Number(keySelect.value)); });
var resizeTimer = null;
window.addEventListener('resize', function () {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(drawAll, 120);
});
if (window.matchMedia) {
  var mq = window.matchMedia('(prefers-color-scheme: dark)');
  if (mq.addEventListener) mq.addEventListener('change', function () { loadTheme(); hatchCache = {}; drawAll(); });
}
`;

/** The whole page script: every part shares one scope inside an IIFE. */
export function pageScript(): string {
  return [
    '(function () {',
    "'use strict';",
    'var T_START = performance.now();',
    'var DATA;',
    'try {',
    "  DATA = JSON.parse(document.getElementById('run-data').textContent);",
    '} catch (err) {',
    "  var box = document.getElementById('script-problem');",
    "  if (box) { box.hidden = false; box.textContent = 'The embedded run data could not be read (' + err.message + '); the charts are not drawn.'; }",
    '  return;',
    '}',
    'var T_PARSED = performance.now();',
    'try {',
    CORE_JS,
    INTERACTION_JS,
    TIMELINE_JS,
    LATENCY_JS,
    LEADERSHIP_JS,
    COUNTEREXAMPLE_JS,
    MAIN_JS,
    '  window.__report = { parseMs: T_PARSED - T_START, totalMs: performance.now() - T_START, ops: DATA.ops.n,',
    '    charts: charts.map(function (c) { return { id: c.id, drawMs: c.drawMs, points: c.pointCount, byOutcome: c.pointsByOutcome }; }) };',
    '} catch (err) {',
    "  var el = document.getElementById('script-problem');",
    "  if (el) { el.hidden = false; el.textContent = 'The charts could not be drawn: ' + (err && err.message) + '. The rest of the page is complete.'; }",
    '  throw err;',
    '}',
    '})();',
  ].join('\n');
}
