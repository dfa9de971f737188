// Browser code: the leadership timeline. One row per node: a bar per term it led (labelled with the
// term), hatched where the node was down (killed), striped where it was paused, a triangle at each
// restart and a cross where a leader was killed.
export const LEADERSHIP_JS = String.raw`
var LEAD = DATA.leadership;
var ROW_H = 28;
function leaderRows() { return Math.max(1, LEAD.nodes.length); }
function rowOf(node) { var i = LEAD.nodes.indexOf(node); return i < 0 ? 0 : i; }
var hatchCache = {};
function hatch(ctx, color, dense) {
  var key = color + dense;
  if (hatchCache[key]) return hatchCache[key];
  var c = document.createElement('canvas');
  c.width = 8; c.height = 8;
  var g = c.getContext('2d');
  g.strokeStyle = color; g.lineWidth = dense ? 2 : 1.5;
  g.beginPath(); g.moveTo(0, 8); g.lineTo(8, 0); g.moveTo(-2, 2); g.lineTo(2, -2); g.moveTo(6, 10); g.lineTo(10, 6); g.stroke();
  hatchCache[key] = ctx.createPattern(c, 'repeat');
  return hatchCache[key];
}
function drawLeadership(chart, ctx) {
  var p = chart.plot;
  drawFaultBands(chart, ctx, false);
  drawTimeAxis(chart, ctx);
  var clipX = function (x) { return Math.max(p.x, Math.min(p.x + p.w, x)); };
  LEAD.nodes.forEach(function (n, r) {
    var y = p.y + r * ROW_H;
    ctx.fillStyle = theme.text;
    ctx.textAlign = 'right';
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.fillText('n' + n, p.x - 10, y + ROW_H / 2);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.strokeStyle = theme.grid;
    ctx.beginPath(); ctx.moveTo(p.x, y + ROW_H - 0.5); ctx.lineTo(p.x + p.w, y + ROW_H - 0.5); ctx.stroke();
  });
  LEAD.down.forEach(function (d) {
    var x0 = clipX(chart.xs(d.from)), x1 = clipX(chart.xs(d.to));
    if (x1 - x0 < 0.5) return;
    var y = p.y + rowOf(d.node) * ROW_H;
    ctx.fillStyle = rgba(theme.down, 0.18); ctx.fillRect(x0, y + 3, x1 - x0, ROW_H - 6);
    ctx.fillStyle = hatch(ctx, rgba(theme.down, 0.55), true); ctx.fillRect(x0, y + 3, x1 - x0, ROW_H - 6);
    if (x1 - x0 > 40) { ctx.fillStyle = theme.down; ctx.fillText(d.approximate ? 'down?' : 'down', x0 + 4, y + ROW_H / 2); }
  });
  LEAD.paused.forEach(function (d) {
    var x0 = clipX(chart.xs(d.from)), x1 = clipX(chart.xs(d.to));
    if (x1 - x0 < 0.5) return;
    var y = p.y + rowOf(d.node) * ROW_H;
    ctx.fillStyle = hatch(ctx, rgba(theme.pause, 0.6), false); ctx.fillRect(x0, y + 3, x1 - x0, ROW_H - 6);
    ctx.strokeStyle = rgba(theme.pause, 0.8); ctx.strokeRect(x0 + 0.5, y + 3.5, x1 - x0 - 1, ROW_H - 7);
  });
  LEAD.leaders.forEach(function (l) {
    var x0 = chart.xs(l.from), x1 = chart.xs(l.to);
    if (x1 < p.x || x0 > p.x + p.w) return;
    x0 = clipX(x0); x1 = Math.max(clipX(x1), x0 + 2);
    var y = p.y + rowOf(l.node) * ROW_H + 6, h = ROW_H - 12;
    ctx.fillStyle = termColor(l.term);
    ctx.fillRect(x0, y, x1 - x0, h);
    if (x1 - x0 > 26) {
      ctx.fillStyle = '#fff';
      ctx.font = '600 10px system-ui, sans-serif';
      ctx.fillText('T' + l.term, x0 + 4, y + h / 2 + 0.5);
      ctx.font = '11px system-ui, sans-serif';
    }
    if (l.endedBy === 'crashed' && chart.xs(l.to) <= p.x + p.w) {
      var cx = chart.xs(l.to), cy = y + h / 2;
      ctx.beginPath(); ctx.moveTo(cx - 5, cy - 5); ctx.lineTo(cx + 5, cy + 5); ctx.moveTo(cx + 5, cy - 5); ctx.lineTo(cx - 5, cy + 5);
      ctx.strokeStyle = theme.panel; ctx.lineWidth = 5; ctx.stroke();
      ctx.strokeStyle = theme.text; ctx.lineWidth = 2.5; ctx.stroke();
      ctx.lineWidth = 1;
    }
  });
  LEAD.restarts.forEach(function (r) {
    var x = chart.xs(r.t);
    if (x < p.x || x > p.x + p.w) return;
    var y = p.y + rowOf(r.node) * ROW_H + ROW_H - 4;
    ctx.fillStyle = theme.accent;
    ctx.beginPath(); ctx.moveTo(x, y - 8); ctx.lineTo(x - 5, y); ctx.lineTo(x + 5, y); ctx.closePath(); ctx.fill();
  });
  if (!LEAD.nodes.length) {
    ctx.fillStyle = theme.muted;
    ctx.fillText('No node events and no faults naming nodes: nothing to draw.', p.x + 8, p.y + ROW_H / 2);
  }
  drawViolationLines(chart, ctx);
}
function hitLeadership(chart, x, y) {
  var p = chart.plot;
  var r = Math.floor((y - p.y) / ROW_H);
  if (r < 0 || r >= LEAD.nodes.length) return null;
  var node = LEAD.nodes[r], t = chart.tAt(x), tol = (3 / p.w) * (view.t1 - view.t0);
  if (x < p.x) {
    var led = LEAD.leaders.filter(function (l) { return l.node === node; });
    var total = led.reduce(function (a, l) { return a + (l.to - l.from); }, 0);
    var downs = LEAD.down.filter(function (d) { return d.node === node; }).length;
    var pauses = LEAD.paused.filter(function (d) { return d.node === node; }).length;
    return frag(h('b', null, 'n' + node), br(), led.length ? 'led term' + (led.length === 1 ? ' ' : 's ') + led.map(function (l) { return l.term; }).join(', ') + ' for ' + fmtDur(total) + ' in all' : 'never led',
      br(), downs + ' time' + (downs === 1 ? '' : 's') + ' down, ' + pauses + ' time' + (pauses === 1 ? '' : 's') + ' paused');
  }
  var parts = [];
  var ENDED = { 'stepped-down': 'stepped down', 'newer-term': 'saw a newer term', crashed: 'was killed', 'run-end': 'still leading at the end' };
  LEAD.leaders.forEach(function (l) {
    if (l.node !== node || t < l.from - tol || t > l.to + tol) return;
    var why = Object.prototype.hasOwnProperty.call(ENDED, l.endedBy) ? ENDED[l.endedBy] : l.endedBy;
    parts.push([h('b', null, 'n' + node + ' led term ' + l.term), br(), fmtAt(l.from) + ' \u2192 ' + fmtAt(l.to) + ' (' + fmtDur(l.to - l.from) + ')', br(), h('span', 'muted', 'ended: ', why)]);
  });
  LEAD.down.forEach(function (d) {
    if (d.node === node && t >= d.from - tol && t <= d.to + tol)
      parts.push([h('b', 'bad', 'n' + node + ' down'), ' ' + fmtAt(d.from) + ' \u2192 ' + fmtAt(d.to), d.approximate ? [br(), h('span', 'muted', 'start inferred from its last event before the restart')] : null]);
  });
  LEAD.paused.forEach(function (d) {
    if (d.node === node && t >= d.from - tol && t <= d.to + tol)
      parts.push([h('b', null, 'n' + node + ' paused'), ' ' + fmtAt(d.from) + ' \u2192 ' + fmtAt(d.to)]);
  });
  LEAD.restarts.forEach(function (s) {
    if (s.node === node && Math.abs(chart.xs(s.t) - x) <= 5) parts.push([h('b', null, 'n' + node + ' restarted'), ' at ' + fmtAt(s.t)]);
  });
  return parts.length ? frag(joined(parts, hrule)) : null;
}
function leadershipSummary() {
  var el = document.getElementById('leadership-summary');
  if (!el) return;
  var ls = LEAD.leaders.slice().sort(function (a, b) { return a.from - b.from; });
  var terms = {};
  ls.forEach(function (l) { terms[l.term] = true; });
  // gaps after the first election: the start-up wait is reported on its own
  var gaps = [], cover = ls.length ? ls[0].to : 0;
  ls.forEach(function (l) {
    if (l.from > cover) gaps.push({ from: cover, to: l.from });
    cover = Math.max(cover, l.to);
  });
  if (cover < DATA.run.endUs && ls.length) gaps.push({ from: cover, to: DATA.run.endUs });
  var longest = gaps.reduce(function (m, g) { return g.to - g.from > m.to - m.from ? g : m; }, { from: 0, to: 0 });
  var text = ls.length + ' leadership interval' + (ls.length === 1 ? '' : 's') + ' over ' + Object.keys(terms).length + ' term' + (Object.keys(terms).length === 1 ? '' : 's');
  if (ls.length) {
    text += '; first leader at ' + fmtAt(ls[0].from);
    text += longest.to > longest.from ? '; longest time without a leader after that: ' + fmtDur(longest.to - longest.from) + ' (from ' + fmtAt(longest.from) + ')' : '; never without a leader after that';
  }
  if (LEAD.source === 'results') text += '. (From the invariant checker\u2019s statistics: the node event logs are missing.)';
  if (LEAD.source === 'status') text += '. (From the subject\u2019s status polls, a few per second: it keeps no event log of ours.)';
  if (LEAD.source === 'none') text = 'No node event logs: who led when is unknown' + (LEAD.down.length || LEAD.paused.length ? '; crashes and pauses are drawn from the nemesis records' : '');
  el.textContent = text + '.';
}
`;
