// Browser code: latency over time (a point per operation at its invocation, log scale, coloured by
// outcome; at most one point per pixel per outcome) and throughput over time (completions per
// second, stacked by outcome, from the exact per-bucket counts).
export const LATENCY_JS = String.raw`
var latRange = (function () {
  var lo = Infinity, hi = 0;
  for (var i = 0; i < OPS.n; i++) {
    if (OPS.end[i] < 0) continue;
    var d = Math.max(1, OPS.end[i] - OPS.start[i]);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (!(hi > 0)) return { lo: 100, hi: 1e6 };
  var a = Math.pow(10, Math.floor(Math.log10(lo))), b = Math.pow(10, Math.ceil(Math.log10(hi)));
  if (b <= a) b = a * 10;
  return { lo: a, hi: b };
})();
var latIndex = null;
function latY(chart, us) {
  var p = chart.plot;
  var f = (Math.log10(Math.max(us, latRange.lo)) - Math.log10(latRange.lo)) / (Math.log10(latRange.hi) - Math.log10(latRange.lo));
  return p.y + p.h - f * p.h;
}
function drawLatency(chart, ctx) {
  var p = chart.plot;
  drawFaultBands(chart, ctx, false);
  drawTimeAxis(chart, ctx);
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'right';
  for (var d = latRange.lo; d <= latRange.hi * 1.0001; d *= 10) {
    var y = Math.round(latY(chart, d)) + 0.5;
    ctx.beginPath(); ctx.moveTo(p.x, y); ctx.lineTo(p.x + p.w, y); ctx.stroke();
    ctx.fillText(fmtAxisDur(d), p.x - 8, y);
  }
  ctx.textAlign = 'left';
  var W = Math.max(1, Math.ceil(p.w)), H = Math.max(1, Math.ceil(p.h));
  latIndex = new Int32Array(W * H).fill(-1);
  var seen = [new Uint8Array(W * H), new Uint8Array(W * H), new Uint8Array(W * H)];
  var pts = [[], [], []];
  var t0 = view.t0, t1 = view.t1, k = p.w / (t1 - t0);
  var lr0 = Math.log10(latRange.lo), lrs = Math.log10(latRange.hi) - lr0;
  for (var i = 0; i < OPS.n; i++) {
    var s = OPS.start[i];
    if (s < t0 || s > t1 || OPS.end[i] < 0) continue;
    var lat = Math.max(OPS.end[i] - s, latRange.lo);
    var cx = Math.min(W - 1, Math.floor((s - t0) * k));
    var cy = Math.min(H - 1, Math.max(0, Math.floor(p.h - ((Math.log10(lat) - lr0) / lrs) * p.h)));
    var c = cy * W + cx, o = OPS.out[i];
    if (seen[o][c] || !opShown(i)) continue;
    seen[o][c] = 1;
    pts[o].push(cx, cy);
    if (latIndex[c] < 0 || o !== 0) latIndex[c] = i;
  }
  // Small points, so one outcome rarely hides another; the legend can switch an outcome off.
  var total = pts[0].length + pts[1].length + pts[2].length;
  var dense = total / 2 > (W * H) / 60;
  var order = [0, 2, 1], size = [2, 2, 2];
  var alpha = dense ? [0.55, 0.7, 0.7] : [0.8, 0.9, 0.9];
  order.forEach(function (o) {
    if (hiddenOutcomes[o]) return;
    ctx.fillStyle = rgba(o === 0 ? theme.ok : o === 1 ? theme.fail : theme.info, alpha[o]);
    ctx.beginPath();
    var list = pts[o], h = size[o] / 2;
    for (var j = 0; j < list.length; j += 2) ctx.rect(p.x + list[j] - h, p.y + list[j + 1] - h, size[o], size[o]);
    ctx.fill();
  });
  drawLatencyQuantiles(chart, ctx);
  chart.pointCount = pts[0].length / 2 + pts[1].length / 2 + pts[2].length / 2;
  chart.pointsByOutcome = [pts[0].length / 2, pts[1].length / 2, pts[2].length / 2];
  drawViolationLines(chart, ctx);
}
// p50 and p99 of the ok operations shown, per time bucket
function drawLatencyQuantiles(chart, ctx) {
  if (hiddenOutcomes[0]) return;
  var p = chart.plot, okInView = 0;
  for (var c = 0; c < OPS.n; c++) if (OPS.out[c] === 0 && OPS.end[c] >= 0 && OPS.start[c] >= view.t0 && OPS.start[c] <= view.t1 && opShown(c)) okInView++;
  // about 25 operations per bucket, at most one bucket per 12 pixels
  var n = Math.max(4, Math.min(Math.floor(p.w / 12), Math.floor(okInView / 25)));
  var span = view.t1 - view.t0, buckets = [];
  for (var b = 0; b < n; b++) buckets.push([]);
  for (var i = 0; i < OPS.n; i++) {
    if (OPS.out[i] !== 0 || OPS.end[i] < 0 || !opShown(i)) continue;
    var s = OPS.start[i];
    if (s < view.t0 || s > view.t1) continue;
    buckets[Math.min(n - 1, Math.floor(((s - view.t0) / span) * n))].push(OPS.end[i] - s);
  }
  var lines = [[0.5, []], [0.99, []]];
  buckets.forEach(function (list, b) {
    if (list.length < 3) { lines.forEach(function (l) { l[1].push(null); }); return; }
    list.sort(function (a, c) { return a - c; });
    lines.forEach(function (l) { l[1].push(list[Math.min(list.length - 1, Math.ceil(l[0] * list.length) - 1)]); });
  });
  ctx.save();
  ctx.beginPath(); ctx.rect(p.x, p.y, p.w, p.h); ctx.clip();
  lines.forEach(function (l, k) {
    ctx.strokeStyle = k === 0 ? theme.text : theme.accent;
    ctx.globalAlpha = 0.75;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(k === 0 ? [] : [5, 3]);
    ctx.beginPath();
    var on = false;
    l[1].forEach(function (v, b) {
      if (v === null) { on = false; return; }
      var x = p.x + ((b + 0.5) / n) * p.w, y = latY(chart, Math.max(v, latRange.lo));
      if (on) ctx.lineTo(x, y); else { ctx.moveTo(x, y); on = true; }
    });
    ctx.stroke();
  });
  ctx.restore();
}
function hitLatency(chart, x, y) {
  if (!latIndex || x < chart.plot.x) return null;
  var p = chart.plot, W = Math.max(1, Math.ceil(p.w)), H = Math.max(1, Math.ceil(p.h));
  var cx = Math.floor(x - p.x), cy = Math.floor(y - p.y), best = -1, bestD = 99;
  for (var dy = -4; dy <= 4; dy++) for (var dx = -4; dx <= 4; dx++) {
    var X = cx + dx, Y = cy + dy;
    if (X < 0 || Y < 0 || X >= W || Y >= H) continue;
    var i = latIndex[Y * W + X];
    if (i >= 0 && dx * dx + dy * dy < bestD) { bestD = dx * dx + dy * dy; best = i; }
  }
  return best >= 0 ? opTooltip(best) : null;
}

// ---- throughput
var tpState = null;
function drawThroughput(chart, ctx) {
  var p = chart.plot, T = DATA.throughput;
  drawFaultBands(chart, ctx, false);
  var span = view.t1 - view.t0;
  // Enough buckets to see the shape, few enough that each holds ~25 completions on average.
  var inView = 0;
  for (var c0 = Math.max(0, Math.floor(view.t0 / T.bucketUs)), c1 = Math.min(T.ok.length, Math.ceil(view.t1 / T.bucketUs)); c0 < c1; c0++) inView += T.ok[c0] + T.fail[c0] + T.info[c0];
  var want = Math.max(30, Math.min(p.w / 4, inView / 25));
  var per = Math.max(1, Math.ceil(span / want / T.bucketUs));
  var bw = per * T.bucketUs;
  var first = Math.floor(view.t0 / bw), last = Math.ceil(view.t1 / bw);
  var series = [[], [], []], max = 0;
  for (var b = first; b < last; b++) {
    var sums = [0, 0, 0];
    for (var j = b * per; j < (b + 1) * per; j++) {
      if (j < 0 || j >= T.ok.length) continue;
      sums[0] += T.ok[j]; sums[1] += T.fail[j]; sums[2] += T.info[j];
    }
    var rates = sums.map(function (n) { return n / (bw / 1e6); });
    series[0].push(rates[0]); series[1].push(rates[1]); series[2].push(rates[2]);
    max = Math.max(max, rates[0] + rates[1] + rates[2]);
  }
  tpState = { first: first, bw: bw, series: series };
  var top = max > 0 ? niceStep(max / 4) * Math.ceil(max / niceStep(max / 4)) : 1;
  var ys = function (v) { return p.y + p.h - (v / top) * p.h; };
  ctx.fillStyle = theme.muted;
  ctx.strokeStyle = theme.grid;
  ctx.textAlign = 'right';
  ticks(0, top, 4).forEach(function (v) {
    var y = Math.round(ys(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(p.x, y); ctx.lineTo(p.x + p.w, y); ctx.stroke();
    ctx.fillText(fmtNum(v) + '/s', p.x - 8, y);
  });
  ctx.textAlign = 'left';
  drawTimeAxis(chart, ctx);
  // stacked areas: ok at the bottom, then info, then fail
  var stack = [0, 2, 1], base = series[0].map(function () { return 0; });
  var n = series[0].length;
  ctx.save();
  ctx.beginPath(); ctx.rect(p.x, p.y, p.w, p.h); ctx.clip();
  stack.forEach(function (o) {
    var topv = base.map(function (b0, i) { return b0 + series[o][i]; });
    var col = o === 0 ? theme.ok : o === 1 ? theme.fail : theme.info;
    ctx.beginPath();
    for (var i = 0; i < n; i++) {
      var xa = chart.xs((first + i) * bw), xb = chart.xs((first + i + 1) * bw);
      if (i === 0) ctx.moveTo(xa, ys(topv[i]));
      ctx.lineTo(xa, ys(topv[i])); ctx.lineTo(xb, ys(topv[i]));
    }
    for (var k2 = n - 1; k2 >= 0; k2--) {
      var xb2 = chart.xs((first + k2 + 1) * bw), xa2 = chart.xs((first + k2) * bw);
      ctx.lineTo(xb2, ys(base[k2])); ctx.lineTo(xa2, ys(base[k2]));
    }
    ctx.closePath();
    ctx.fillStyle = rgba(col, 0.35);
    ctx.fill();
    // outline only where this layer is present, so an empty layer does not paint over the one below
    ctx.beginPath();
    var drawing = false;
    for (var m = 0; m < n; m++) {
      var x0 = chart.xs((first + m) * bw), x1 = chart.xs((first + m + 1) * bw);
      if (series[o][m] <= 0) { drawing = false; continue; }
      if (!drawing) { ctx.moveTo(x0, ys(topv[m])); drawing = true; }
      ctx.lineTo(x0, ys(topv[m])); ctx.lineTo(x1, ys(topv[m]));
    }
    ctx.strokeStyle = col;
    ctx.lineWidth = 1.25;
    ctx.stroke();
    base = topv;
  });
  ctx.restore();
}
function hitThroughput(chart, x) {
  if (!tpState || x < chart.plot.x) return null;
  var t = chart.tAt(x);
  var i = Math.floor(t / tpState.bw) - tpState.first;
  if (i < 0 || i >= tpState.series[0].length) return null;
  var a = (tpState.first + i) * tpState.bw;
  var s = tpState.series;
  var rate = function (k) { return Number(s[k][i]).toFixed(1) + '/s'; };
  var f = faultAt(chart, x, chart.plot.y + 1);
  return frag(h('b', null, fmtAt(a) + ' \u2013 ' + fmtAt(a + tpState.bw)), br(),
    swatch(theme.ok), 'ok ' + rate(0), br(), swatch(theme.fail), 'fail ' + rate(1), br(), swatch(theme.info), 'info ' + rate(2),
    f ? [hrule(), f] : null);
}
`;
