// Browser code shared by every chart: theme colours read from CSS variables, number and time
// formats, HiDPI canvas setup, the shared time view, axes, fault bands and violation marks, and the
// DOM builder every tooltip uses (values from the run become text nodes, never markup). Plain
// ES2017 in a string: the page must work from file:// with nothing to load. Times are integer
// microseconds from the run's start.
export const CORE_JS = String.raw`
var OUTCOMES = ['ok', 'fail', 'info'];
/** Outcomes switched off through the legends (index as in OUTCOMES). */
var hiddenOutcomes = [false, false, false];
/** The key shown on the timeline and latency charts (index into DATA.ops.keys), or -1 for all. */
var keyFilter = -1;
function opShown(i) { return !hiddenOutcomes[DATA.ops.out[i]] && (keyFilter < 0 || DATA.ops.key[i] === keyFilter); }
var theme = {};
function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
function loadTheme() {
  ['ok', 'fail', 'info', 'text', 'muted', 'grid', 'axis', 'panel', 'partition', 'crash', 'pause', 'clock',
   'other', 'violation', 'down', 'accent', 'prefix', 'neutral'].forEach(function (k) {
    theme[k] = cssVar('--c-' + k) || '#888888';
  });
}
function familyColor(f) { return Object.prototype.hasOwnProperty.call(theme, f) ? theme[f] : theme.other; }
function rgba(hex, a) {
  var h = hex.replace('#', '');
  if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
  var n = parseInt(h, 16);
  if (isNaN(n)) return hex;
  return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
}
function termColor(term) { return 'hsl(' + ((term * 47 + 200) % 360) + ', 58%, 52%)'; }
// ---- DOM building: h('b', 'bad', 'text', node, [more]) is an element whose children are the rest,
// strings (any value) as text nodes; null, undefined and false are left out. Nothing is parsed as HTML.
function put(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { put(parent, c); }); return; }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}
function h(tag, cls) {
  var el = document.createElement(tag);
  if (cls) el.className = cls;
  for (var i = 2; i < arguments.length; i++) put(el, arguments[i]);
  return el;
}
function frag() {
  var f = document.createDocumentFragment();
  for (var i = 0; i < arguments.length; i++) put(f, arguments[i]);
  return f;
}
function br() { return document.createElement('br'); }
/** parts with a fresh separator node (made by sep()) between each two. */
function joined(parts, sep) {
  var out = [];
  parts.forEach(function (p, i) { if (i > 0) out.push(sep()); out.push(p); });
  return out;
}
function hrule() { return document.createElement('hr'); }
/** A colour swatch; the colour is set through the CSSOM (no style attribute). */
function swatch(color) { var s = h('span', 'sw'); s.style.background = color; return s; }
function fmtDur(us) {
  if (us < 0) return '-' + fmtDur(-us);
  if (us < 1000) return us.toFixed(0) + ' \u00b5s';
  if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
  if (us < 120e6) return (us / 1e6).toFixed(us < 1e7 ? 3 : 2) + ' s';
  return (us / 60e6).toFixed(1) + ' min';
}
function fmtAxisDur(us) {
  if (us < 1000) return +us.toPrecision(3) + ' \u00b5s';
  if (us < 1e6) return +(us / 1000).toPrecision(3) + ' ms';
  return +(us / 1e6).toPrecision(3) + ' s';
}
function fmtAt(us) { return (us / 1e6).toFixed(3) + ' s'; }
function fmtNum(n) { return Math.round(n).toLocaleString('en-US'); }
function niceStep(raw) {
  var p = Math.pow(10, Math.floor(Math.log10(raw)));
  var ms = [1, 2, 5, 10];
  for (var i = 0; i < ms.length; i++) if (ms[i] * p >= raw) return ms[i] * p;
  return 10 * p;
}
function ticks(lo, hi, maxTicks) {
  if (!(hi > lo)) return [lo];
  var step = niceStep((hi - lo) / Math.max(1, maxTicks));
  var out = [];
  for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(t);
  return out;
}

var view = { t0: 0, t1: Math.max(1, DATA.run.endUs) };
var fullView = { t0: 0, t1: Math.max(1, DATA.run.endUs) };
var charts = [];
var MARGIN = { left: 76, right: 18, top: 20, bottom: 26 };

function makeChart(id, opts) {
  var canvas = document.getElementById(id);
  if (!canvas) return null;
  var chart = {
    id: id, canvas: canvas, ctx: canvas.getContext('2d'), timeAxis: opts.timeAxis !== false,
    height: opts.height, draw: opts.draw, hit: opts.hit || null, w: 0, h: 0,
    plot: { x: MARGIN.left, y: MARGIN.top, w: 0, h: 0 },
    local: { t0: 0, t1: 1 },
  };
  chart.xs = function (t) {
    var a = chart.timeAxis ? view : chart.local;
    return chart.plot.x + ((t - a.t0) / (a.t1 - a.t0)) * chart.plot.w;
  };
  chart.tAt = function (x) {
    var a = chart.timeAxis ? view : chart.local;
    return a.t0 + ((x - chart.plot.x) / chart.plot.w) * (a.t1 - a.t0);
  };
  charts.push(chart);
  if (chart.timeAxis) attachZoom(chart);
  attachTooltip(chart);
  return chart;
}

function sizeChart(chart) {
  var dpr = window.devicePixelRatio || 1;
  var w = Math.max(320, chart.canvas.parentElement.clientWidth);
  var h = typeof chart.height === 'function' ? chart.height(w) : chart.height;
  chart.canvas.style.width = w + 'px';
  chart.canvas.style.height = h + 'px';
  chart.canvas.width = Math.round(w * dpr);
  chart.canvas.height = Math.round(h * dpr);
  chart.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  chart.w = w;
  chart.h = h;
  chart.plot = { x: MARGIN.left, y: MARGIN.top, w: w - MARGIN.left - MARGIN.right, h: h - MARGIN.top - MARGIN.bottom };
}

function drawChart(chart) {
  var t = performance.now();
  sizeChart(chart);
  var ctx = chart.ctx;
  ctx.clearRect(0, 0, chart.w, chart.h);
  ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  ctx.textBaseline = 'middle';
  try {
    chart.draw(chart, ctx);
  } catch (err) {
    ctx.fillStyle = theme.fail;
    ctx.fillText('This chart could not be drawn: ' + (err && err.message), chart.plot.x, chart.plot.y + 12);
    setTimeout(function () { throw err; });
  }
  chart.drawMs = performance.now() - t;
  chart.canvas.setAttribute('data-drawn', '1');
}
function drawAll() { charts.forEach(drawChart); updateZoomLabel(); }

function drawTimeAxis(chart, ctx) {
  var p = chart.plot;
  var a = chart.timeAxis ? view : chart.local;
  var ts = ticks(a.t0, a.t1, Math.max(2, Math.floor(p.w / 90)));
  var span = a.t1 - a.t0;
  var digits = span < 2e4 ? 4 : span < 2e5 ? 3 : span < 2e6 ? 2 : span < 2e7 ? 1 : 0;
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ts.forEach(function (t) { var x = Math.round(chart.xs(t)) + 0.5; ctx.moveTo(x, p.y); ctx.lineTo(x, p.y + p.h); });
  ctx.stroke();
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'center';
  ts.forEach(function (t) { ctx.fillText((t / 1e6).toFixed(digits) + ' s', chart.xs(t), p.y + p.h + 13); });
  ctx.strokeStyle = theme.axis;
  ctx.beginPath();
  ctx.moveTo(p.x, p.y + p.h + 0.5);
  ctx.lineTo(p.x + p.w, p.y + p.h + 0.5);
  ctx.stroke();
  ctx.textAlign = 'left';
}

// Shaded fault windows, coloured by family, with a solid strip along the top of the plot.
function drawFaultBands(chart, ctx, withLabels) {
  var p = chart.plot;
  DATA.faults.forEach(function (w) {
    var x0 = Math.max(p.x, chart.xs(w.from));
    var x1 = Math.min(p.x + p.w, chart.xs(w.to));
    if (x1 < p.x || x0 > p.x + p.w) return;
    if (x1 - x0 < 1) x1 = x0 + 1;
    var c = familyColor(w.family);
    ctx.fillStyle = rgba(c, 0.11);
    ctx.fillRect(x0, p.y, x1 - x0, p.h);
    ctx.fillStyle = rgba(c, 0.8);
    ctx.fillRect(x0, p.y - 6, x1 - x0, 4);
    if (withLabels && x1 - x0 > 44) {
      ctx.fillStyle = c;
      ctx.font = '600 10px system-ui, sans-serif';
      ctx.fillText(w.family, x0 + 3, p.y - 13);
      ctx.font = '11px system-ui, sans-serif';
    }
  });
}
function faultAt(chart, x, y) {
  if (y > chart.plot.y + chart.plot.h) return null;
  var t = chart.tAt(x);
  var tol = (2 / chart.plot.w) * (view.t1 - view.t0);
  var hits = DATA.faults.filter(function (w) { return w.from - tol <= t && t <= w.to + tol; });
  if (!hits.length) return null;
  return frag(hits.map(function (w) {
    var nodes = Array.isArray(w.nodes) ? w.nodes : [];
    return h('div', 'tt-fault', swatch(familyColor(w.family)), h('b', null, w.family), ' ', w.startF,
      w.detail ? [' ', h('code', null, w.detail)] : null,
      nodes.length ? ' on ' + nodes.map(function (n) { return 'n' + n; }).join(', ') : null,
      br(), h('span', 'muted', fmtAt(w.from) + ' \u2192 ' + (w.open ? 'end of run' : fmtAt(w.to)) + ' (' + fmtDur(w.to - w.from) + ')'),
      w.stats && w.stats.availability !== null ? [br(), 'availability ' + Math.round(w.stats.availability * 100) + '% of ' + w.stats.completed + ' ops'] : null,
      w.stats && w.stats.timeToNewLeaderMs !== null ? [br(), 'new leader after ' + fmtDur(w.stats.timeToNewLeaderMs * 1000)] : null);
  }));
}
function drawViolationLines(chart, ctx) {
  var p = chart.plot;
  ctx.save();
  ctx.strokeStyle = theme.violation;
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1.5;
  DATA.violations.forEach(function (v) {
    if (v.t === null) return;
    var x = chart.xs(v.t);
    if (x < p.x || x > p.x + p.w) return;
    ctx.beginPath();
    ctx.moveTo(x, p.y);
    ctx.lineTo(x, p.y + p.h);
    ctx.stroke();
    ctx.fillStyle = theme.violation;
    ctx.font = '700 11px system-ui, sans-serif';
    ctx.fillText('\u26a0', x + 3, p.y + 8);
  });
  ctx.restore();
}
function violationAt(chart, x) {
  var out = DATA.violations.filter(function (v) { return v.t !== null && Math.abs(chart.xs(v.t) - x) <= 4; });
  if (!out.length) return null;
  return frag(out.map(function (v) {
    return h('div', null, h('b', 'bad', '\u26a0 ', v.invariant), ' at ' + fmtAt(v.t), br(), v.message);
  }));
}
`;
