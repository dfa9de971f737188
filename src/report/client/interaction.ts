// Browser code: the interaction shared by the time charts: the tooltip, the crosshair drawn across
// every chart at the hovered time, and zooming (drag across a chart; double-click or the buttons
// reset). All charts share one time view, so they always show the same span.
export const INTERACTION_JS = String.raw`
// ---- tooltip and crosshair
var tip = null;
/** Show content (a DOM node built with h(), never HTML text) next to the pointer. */
function showTip(content, ev) {
  if (!tip) { tip = document.createElement('div'); tip.className = 'tooltip'; document.body.appendChild(tip); }
  tip.textContent = '';
  tip.appendChild(content);
  tip.style.display = 'block';
  var r = tip.getBoundingClientRect();
  var x = ev.clientX + 14, y = ev.clientY + 14;
  if (x + r.width > window.innerWidth - 8) x = ev.clientX - r.width - 14;
  if (y + r.height > window.innerHeight - 8) y = ev.clientY - r.height - 14;
  tip.style.left = Math.max(4, x) + 'px';
  tip.style.top = Math.max(4, y) + 'px';
}
function hideTip() { if (tip) tip.style.display = 'none'; }
function setCrosshair(t) {
  charts.forEach(function (c) {
    if (!c.timeAxis) return;
    var line = c.canvas.parentElement.querySelector('.crosshair');
    if (!line) return;
    var x = t === null ? -1 : c.xs(t);
    if (t === null || x < c.plot.x || x > c.plot.x + c.plot.w) { line.style.display = 'none'; return; }
    line.style.display = 'block';
    line.style.left = x + 'px';
    line.style.top = c.plot.y + 'px';
    line.style.height = c.plot.h + 'px';
  });
}
function localXY(chart, ev) {
  var r = chart.canvas.getBoundingClientRect();
  return { x: ev.clientX - r.left, y: ev.clientY - r.top };
}
function attachTooltip(chart) {
  chart.canvas.addEventListener('mousemove', function (ev) {
    var q = localXY(chart, ev);
    var inPlot = q.x >= chart.plot.x && q.x <= chart.plot.x + chart.plot.w;
    if (chart.timeAxis) setCrosshair(inPlot ? chart.tAt(q.x) : null);
    if (drag) { hideTip(); return; }
    var inLabels = q.x < chart.plot.x && q.x > 0;
    var content = (inPlot || inLabels) && chart.hit ? chart.hit(chart, q.x, q.y) : null;
    if (!content && inPlot && chart.timeAxis) content = violationAt(chart, q.x) || faultAt(chart, q.x, q.y);
    if (content) showTip(content, ev); else hideTip();
  });
  chart.canvas.addEventListener('mouseleave', function () { hideTip(); setCrosshair(null); });
}

// ---- zoom: drag across any time chart; double-click or the button resets
var drag = null;
function attachZoom(chart) {
  var wrap = chart.canvas.parentElement;
  chart.canvas.addEventListener('mousedown', function (ev) {
    if (ev.button !== 0) return;
    var q = localXY(chart, ev);
    if (q.x < chart.plot.x || q.x > chart.plot.x + chart.plot.w) return;
    var sel = wrap.querySelector('.selection');
    drag = { chart: chart, x0: q.x, sel: sel };
    ev.preventDefault();
  });
  chart.canvas.addEventListener('dblclick', function () { setView(fullView.t0, fullView.t1); });
}
window.addEventListener('mousemove', function (ev) {
  if (!drag) return;
  var q = localXY(drag.chart, ev);
  var p = drag.chart.plot;
  var x = Math.min(p.x + p.w, Math.max(p.x, q.x));
  var a = Math.min(drag.x0, x), b = Math.max(drag.x0, x);
  if (drag.sel) {
    drag.sel.style.display = 'block';
    drag.sel.style.left = a + 'px';
    drag.sel.style.width = (b - a) + 'px';
    drag.sel.style.top = p.y + 'px';
    drag.sel.style.height = p.h + 'px';
  }
  drag.x1 = x;
});
window.addEventListener('mouseup', function () {
  if (!drag) return;
  var d = drag;
  drag = null;
  if (d.sel) d.sel.style.display = 'none';
  if (d.x1 === undefined || Math.abs(d.x1 - d.x0) < 5) return;
  var a = d.chart.tAt(Math.min(d.x0, d.x1)), b = d.chart.tAt(Math.max(d.x0, d.x1));
  setView(a, b);
});
function setView(t0, t1) {
  if (t1 - t0 < 10) { var mid = (t0 + t1) / 2; t0 = mid - 5; t1 = mid + 5; }
  view.t0 = Math.max(fullView.t0, t0);
  view.t1 = Math.min(fullView.t1, t1);
  if (!(view.t1 > view.t0)) { view.t0 = fullView.t0; view.t1 = fullView.t1; }
  charts.forEach(function (c) { if (c.timeAxis) drawChart(c); });
  updateZoomLabel();
}
function zoomOut() {
  var span = view.t1 - view.t0, mid = (view.t0 + view.t1) / 2;
  setView(Math.max(fullView.t0, mid - span), Math.min(fullView.t1, mid + span));
}
function focusTime(t, spanUs) {
  var half = Math.max(spanUs / 2, 5);
  setView(t - half, t + half);
}
function updateZoomLabel() {
  var el = document.getElementById('zoom-label');
  if (!el) return;
  var full = view.t0 <= fullView.t0 && view.t1 >= fullView.t1;
  el.textContent = full ? 'Whole run (' + fmtDur(fullView.t1 - fullView.t0) + ')' : 'Showing ' + fmtAt(view.t0) + ' \u2013 ' + fmtAt(view.t1);
  document.querySelectorAll('[data-action="zoom-reset"],[data-action="zoom-out"]').forEach(function (b) { b.disabled = full; });
}
`;
