// Browser code: the operations timeline, one lane per client process slot. Operations narrower than
// a pixel collapse into one mark per (lane, pixel column) showing the most serious outcome there,
// so drawing costs one pass over the operations whatever the zoom.
export const TIMELINE_JS = String.raw`
var OPS = DATA.ops;
var laneCount = Math.max(1, DATA.lanes.length);
var laneOps = (function () {
  var lists = [];
  for (var l = 0; l < laneCount; l++) lists.push([]);
  for (var i = 0; i < OPS.n; i++) lists[OPS.lane[i]].push(i);
  lists.forEach(function (list) { list.sort(function (a, b) { return OPS.start[a] - OPS.start[b]; }); });
  return lists;
})();
function opEnd(i) { return OPS.end[i] < 0 ? DATA.run.endUs : OPS.end[i]; }
function laneHeight() { return Math.max(2, Math.min(22, Math.floor(440 / laneCount))); }
function laneLabel(l) {
  var ps = DATA.lanes[l] || [];
  if (!ps.length) return '';
  var s = 'p' + ps[0];
  if (ps.length > 1) s += ' +' + (ps.length - 1);
  return s;
}
function opTooltip(i) {
  var f = OPS.fNames[OPS.f[i]];
  var out = OUTCOMES[OPS.out[i]];
  var head = h('b', null, f, OPS.vin[i] ? ' ' + OPS.vin[i] : null);
  var res = out === 'ok' && OPS.vout[i] && f !== 'write' ? ' \u2192 ' + OPS.vout[i] : null;
  var lines = [[head, ' ', h('span', 'pill pill-' + out, out), res]];
  var meta = ['process ' + OPS.proc[i]];
  if (OPS.key[i] >= 0) meta.push('key ' + OPS.keys[OPS.key[i]]);
  if (OPS.node[i] >= 0) meta.push('node n' + OPS.node[i]);
  lines.push(meta.join(' \u00b7 '));
  lines.push('invoked at ' + fmtAt(OPS.start[i]) + ' \u00b7 ' + (OPS.end[i] < 0 ? 'never completed' : 'took ' + fmtDur(OPS.end[i] - OPS.start[i])));
  if (OPS.err[i] >= 0) lines.push('error: ' + OPS.errors[OPS.err[i]]);
  if (out === 'info') lines.push(h('span', 'muted', 'unknown outcome: it may have taken effect at any time after its invocation'));
  lines.push(h('span', 'muted', 'history index ' + OPS.idx[i]));
  return frag(joined(lines, br));
}

function drawTimeline(chart, ctx) {
  var p = chart.plot, lh = laneHeight();
  var gap = lh >= 8 ? 2 : lh >= 4 ? 1 : 0;
  drawFaultBands(chart, ctx, true);
  drawTimeAxis(chart, ctx);
  // lane labels and separators
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'right';
  if (lh >= 10) for (var l = 0; l < laneCount; l++) ctx.fillText(laneLabel(l), p.x - 8, p.y + l * lh + lh / 2);
  else {
    ctx.save(); ctx.translate(14, p.y + p.h / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = 'center';
    ctx.fillText(laneCount + ' process lanes', 0, 0); ctx.restore();
  }
  ctx.textAlign = 'left';
  var W = Math.max(1, Math.ceil(p.w));
  var cells = new Uint8Array(laneCount * W);
  var rects = [[], [], [], []]; // ok, fail, info, never-completed
  var sev = [1, 3, 2];
  var t0 = view.t0, t1 = view.t1, k = p.w / (t1 - t0);
  for (var i = 0; i < OPS.n; i++) {
    var s = OPS.start[i], e = opEnd(i);
    if (e < t0 || s > t1) continue;
    var x0 = p.x + (s - t0) * k, x1 = p.x + (e - t0) * k;
    if (x0 < p.x) x0 = p.x;
    if (x1 > p.x + p.w) x1 = p.x + p.w;
    var o = OPS.out[i], lane = OPS.lane[i];
    if (!opShown(i)) continue;
    if (x1 - x0 >= 1.5) {
      rects[OPS.end[i] < 0 ? 3 : o].push(x0, p.y + lane * lh + gap / 2, x1 - x0 - (x1 - x0 > 3 ? 1 : 0), lh - gap);
    } else {
      var c = lane * W + Math.min(W - 1, Math.floor(x0 - p.x));
      if (cells[c] < sev[o]) cells[c] = sev[o];
    }
  }
  var colors = [theme.ok, theme.fail, theme.info];
  var sevToOut = [-1, 0, 2, 1];
  for (var q = 0; q < 3; q++) {
    ctx.fillStyle = colors[q];
    ctx.beginPath();
    var r = rects[q];
    for (var j = 0; j < r.length; j += 4) ctx.rect(r[j], r[j + 1], r[j + 2], r[j + 3]);
    for (var cl = 0; cl < cells.length; cl++) {
      if (cells[cl] === 0 || sevToOut[cells[cl]] !== q) continue;
      var ln = Math.floor(cl / W);
      ctx.rect(p.x + (cl - ln * W), p.y + ln * lh + gap / 2, 1, lh - gap);
    }
    ctx.fill();
  }
  // operations the run ended on: fading bars to the end
  var open = rects[3];
  for (var m = 0; m < open.length; m += 4) {
    var g = ctx.createLinearGradient(open[m], 0, open[m] + open[m + 2], 0);
    g.addColorStop(0, rgba(theme.info, 0.9));
    g.addColorStop(1, rgba(theme.info, 0.05));
    ctx.fillStyle = g;
    ctx.fillRect(open[m], open[m + 1], open[m + 2], open[m + 3]);
  }
  drawViolationLines(chart, ctx);
}

function hitTimeline(chart, x, y) {
  var p = chart.plot, lh = laneHeight();
  var lane = Math.floor((y - p.y) / lh);
  if (lane < 0 || lane >= laneCount) return null;
  if (x < p.x) {
    var ps = DATA.lanes[lane] || [];
    return frag(h('b', null, 'lane ' + (lane + 1)), br(), 'process' + (ps.length === 1 ? ' ' : 'es ') + ps.slice(0, 30).join(', ') + (ps.length > 30 ? ' \u2026' : ''),
      ps.length > 1 ? [br(), h('span', 'muted', 'a process that gets an unknown (info) result is retired; a fresh one takes its place')] : null);
  }
  var list = laneOps[lane];
  var t = chart.tAt(x), tol = (3 / p.w) * (view.t1 - view.t0);
  // last op starting at or before t + tol (binary search), then look back a few
  var lo = 0, hi = list.length - 1, at = -1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (OPS.start[list[mid]] <= t + tol) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  var best = -1, bestD = Infinity;
  for (var j = at; j >= 0 && j > at - 64; j--) {
    var i = list[j];
    if (!opShown(i)) continue;
    var s = OPS.start[i], e = opEnd(i);
    var d = t < s ? s - t : t > e ? t - e : 0;
    if (d < bestD || (d === bestD && best >= 0 && OPS.out[i] > OPS.out[best])) { bestD = d; best = i; }
    if (e < t - tol && d > bestD) break;
  }
  if (best < 0 || bestD > tol) return null;
  return opTooltip(best);
}
`;
