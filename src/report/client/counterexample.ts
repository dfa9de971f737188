// Browser code: the linearizability counterexample (src/checker/types.ts PartitionCounterexample)
// drawn as the operations of the failing key around the point where the search got stuck: green
// bars are the longest linearizable prefix (numbered in linearization order), red bars the
// operations that could not be placed from the state at failure, the outlined bar the blocking op.
export const COUNTEREXAMPLE_JS = String.raw`
function ceFocus(ce) {
  var ops = Array.isArray(ce.operations) ? ce.operations : [];
  var byId = {};
  ops.forEach(function (o) { byId[o.id] = o; });
  var prefix = Array.isArray(ce.longestPrefix) ? ce.longestPrefix : [];
  var order = {};
  prefix.forEach(function (s, i) { order[s.op] = i + 1; });
  var bad = {};
  (Array.isArray(ce.couldNotPlace) ? ce.couldNotPlace : []).forEach(function (id) { bad[id] = true; });
  var focusIds = Object.keys(bad).map(Number);
  if (ce.blockingOp !== null && ce.blockingOp !== undefined) focusIds.push(ce.blockingOp);
  prefix.slice(-8).forEach(function (s) { focusIds.push(s.op); });
  var lo = Infinity, hi = -Infinity;
  focusIds.forEach(function (id) {
    var o = byId[id];
    if (!o) return;
    lo = Math.min(lo, o.call);
    hi = Math.max(hi, o.return === null ? o.call : o.return);
  });
  if (!isFinite(lo)) { lo = 0; hi = 1; ops.forEach(function (o) { hi = Math.max(hi, o.return === null ? o.call : o.return); }); }
  var shown = ops.filter(function (o) { var r = o.return === null ? Infinity : o.return; return r >= lo && o.call <= hi; });
  if (shown.length > 160) shown = shown.filter(function (o) { return bad[o.id] || o.id === ce.blockingOp || order[o.id] > prefix.length - 60; }).slice(0, 160);
  var hi2 = hi;
  shown.forEach(function (o) { if (o.return !== null) hi2 = Math.max(hi2, o.return); });
  var pad = Math.max(1, (hi2 - lo) * 0.04);
  var procs = [];
  shown.forEach(function (o) { if (procs.indexOf(String(o.process)) < 0) procs.push(String(o.process)); });
  procs.sort(function (a, b) { return (Number(a) - Number(b)) || (a < b ? -1 : a > b ? 1 : 0); });
  return { ops: ops, shown: shown, order: order, bad: bad, t0: lo - pad, t1: hi2 + pad, procs: procs };
}
function ceStatus(ce, f, o) {
  if (o.id === ce.blockingOp) return 'blocking';
  if (f.bad[o.id]) return 'bad';
  if (f.order[o.id]) return 'prefix';
  return 'other';
}
function makeCounterexampleChart(ce, index) {
  var f = ceFocus(ce);
  var rowH = 30;
  var chart = makeChart('ce-canvas-' + index, {
    timeAxis: false,
    height: function () { return MARGIN.top + MARGIN.bottom + Math.max(1, f.procs.length) * rowH; },
    draw: function (chart, ctx) {
      var p = chart.plot;
      chart.local = { t0: f.t0, t1: f.t1 };
      drawTimeAxisNs(chart, ctx);
      ctx.textAlign = 'right';
      ctx.fillStyle = theme.muted;
      f.procs.forEach(function (pr, r) { ctx.fillText('p' + pr, p.x - 10, p.y + r * rowH + rowH / 2); });
      ctx.textAlign = 'left';
      chart.boxes = [];
      f.shown.forEach(function (o) {
        var r = f.procs.indexOf(String(o.process));
        var x0 = Math.max(p.x, chart.xs(o.call));
        var open = o.return === null;
        var x1 = open ? p.x + p.w : Math.min(p.x + p.w, chart.xs(o.return));
        if (x1 - x0 < 3) x1 = x0 + 3;
        var y = p.y + r * rowH + 4, h = rowH - 8;
        var st = ceStatus(ce, f, o);
        var col = st === 'prefix' ? theme.prefix : st === 'other' ? theme.neutral : theme.fail;
        if (open) {
          var g = ctx.createLinearGradient(x0, 0, x1, 0);
          g.addColorStop(0, rgba(col, 0.85)); g.addColorStop(1, rgba(col, 0.08));
          ctx.fillStyle = g;
        } else ctx.fillStyle = rgba(col, st === 'other' ? 0.45 : 0.85);
        ctx.fillRect(x0, y, x1 - x0, h);
        if (st === 'blocking') { ctx.strokeStyle = theme.text; ctx.lineWidth = 2.5; ctx.strokeRect(x0 + 1, y + 1, x1 - x0 - 2, h - 2); ctx.lineWidth = 1; }
        var label = (f.order[o.id] ? '#' + f.order[o.id] + ' ' : '') + o.text;
        ctx.save();
        ctx.beginPath(); ctx.rect(x0, y, x1 - x0, h); ctx.clip();
        ctx.fillStyle = st === 'other' ? theme.text : '#fff';
        ctx.font = '600 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
        ctx.fillText(label, x0 + 5, y + h / 2 + 0.5);
        ctx.restore();
        chart.boxes.push({ x0: x0, x1: x1, y0: y, y1: y + h, op: o, st: st });
      });
    },
    hit: function (chart, x, y) {
      var b = (chart.boxes || []).filter(function (b) { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1; })[0];
      if (!b) return null;
      var o = b.op;
      var what = { prefix: 'linearized as step #' + f.order[o.id], bad: 'could not be placed: its result is impossible from the state at failure', blocking: 'blocking: it had to take effect next, and no order allowed it', other: 'not reached by the longest prefix' }[b.st];
      return frag(h('b', 'mono', o.text), br(), 'process ' + o.process + ' \u00b7 op ' + o.id, br(),
        'call ' + fmtDur(o.call / 1000) + ' \u2192 ' + (o.return === null ? 'never returned' : 'return ' + fmtDur(o.return / 1000)), br(), h('span', 'muted', what));
    },
  });
  var note = document.getElementById('ce-note-' + index);
  if (note) note.textContent = 'Showing ' + f.shown.length + ' of ' + f.ops.length + ' operations of this key, around the point where the search got stuck. Times from the key\u2019s first operation.';
  return chart;
}
function drawTimeAxisNs(chart, ctx) {
  var p = chart.plot, a = chart.local;
  var ts = ticks(a.t0, a.t1, Math.max(2, Math.floor(p.w / 100)));
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  ts.forEach(function (t) { var x = Math.round(chart.xs(t)) + 0.5; ctx.moveTo(x, p.y); ctx.lineTo(x, p.y + p.h); });
  ctx.stroke();
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'center';
  ts.forEach(function (t) { ctx.fillText(t < 0 ? '' : fmtAxisDur(t / 1000), chart.xs(t), p.y + p.h + 13); });
  ctx.textAlign = 'left';
}
`;
