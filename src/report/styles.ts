// The pages' stylesheet: system fonts only (no network), light and dark themes through CSS
// variables that the canvas code reads too, so charts and page always agree.
export const PAGE_CSS = String.raw`
:root {
  --bg: #f6f7f9; --panel: #ffffff; --border: #e3e6ea; --text: #1c2024; --muted: #687076; --soft: #f1f3f5;
  --c-text: #1c2024; --c-muted: #7e868c; --c-grid: #eceef0; --c-axis: #c1c8cd; --c-panel: #ffffff;
  --c-ok: #30a46c; --c-fail: #e5484d; --c-info: #f0a000; --c-prefix: #30a46c; --c-neutral: #8b8d98;
  --c-partition: #8e4ec6; --c-crash: #d6409f; --c-pause: #0090ff; --c-clock: #12a594; --c-other: #978365;
  --c-violation: #dc3e42; --c-down: #5b5f66; --c-accent: #3e63dd;
  --good: #18794e; --good-bg: #e9f9ee; --bad: #cd2b31; --bad-bg: #fff0f0; --warn: #ad5700; --warn-bg: #fff7e6;
  --none: #60646c; --none-bg: #f0f0f3;
  --shadow: 0 1px 2px rgba(16, 24, 40, .05), 0 1px 3px rgba(16, 24, 40, .06);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111113; --panel: #18191b; --border: #2e3135; --text: #edeef0; --muted: #a0a7ab; --soft: #212225;
    --c-text: #edeef0; --c-muted: #9ba1a6; --c-grid: #26282b; --c-axis: #4c5155; --c-panel: #18191b;
    --c-neutral: #6f6e77; --c-down: #a0a7ab;
    --good: #4cc38a; --good-bg: #0f2e1f; --bad: #ff6369; --bad-bg: #3b1219; --warn: #ffa057; --warn-bg: #331e0b;
    --none: #b0b4ba; --none-bg: #232326;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
html { scroll-behavior: smooth; scroll-padding-top: 56px; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; -webkit-font-smoothing: antialiased; }
a { color: var(--c-accent); text-decoration: none; } a:hover { text-decoration: underline; }
code, .mono, pre { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.bad { color: var(--bad); } .good { color: var(--good); }
.wrap { max-width: 1320px; margin: 0 auto; padding: 0 28px 64px; }
nav.top { position: sticky; top: 0; z-index: 5; background: color-mix(in srgb, var(--bg) 88%, transparent); backdrop-filter: blur(8px); border-bottom: 1px solid var(--border); }
nav.top .wrap { display: flex; gap: 18px; align-items: center; padding-top: 10px; padding-bottom: 10px; overflow-x: auto; white-space: nowrap; }
nav.top .brand { font-weight: 700; letter-spacing: -.01em; margin-right: 8px; color: var(--text); }
nav.top .brand span { color: var(--c-accent); }
nav.top a { color: var(--muted); font-size: 13px; } nav.top a:hover { color: var(--text); text-decoration: none; }
header.run { padding: 28px 0 8px; }
header.run h1 { margin: 0; font-size: 22px; letter-spacing: -.015em; word-break: break-all; }
header.run .meta { color: var(--muted); margin-top: 4px; }
.verdict { display: flex; gap: 24px; align-items: center; border-radius: 14px; padding: 22px 26px; margin: 18px 0; border: 1px solid; }
.verdict .word { font-size: 40px; font-weight: 800; letter-spacing: -.03em; line-height: 1; display: flex; align-items: center; gap: 14px; }
.verdict .word .icon { font-size: 34px; }
.verdict .why { font-size: 15px; max-width: 820px; }
.verdict .why p { margin: 0 0 4px; }
.verdict-true { background: var(--good-bg); border-color: color-mix(in srgb, var(--good) 30%, transparent); color: var(--good); }
.verdict-false { background: var(--bad-bg); border-color: color-mix(in srgb, var(--bad) 30%, transparent); color: var(--bad); }
.verdict-unknown { background: var(--warn-bg); border-color: color-mix(in srgb, var(--warn) 30%, transparent); color: var(--warn); }
.verdict-none { background: var(--none-bg); border-color: var(--border); color: var(--none); }
.verdict .why { color: var(--text); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 14px 0 6px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 12px; padding: 14px 16px; box-shadow: var(--shadow); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; font-weight: 600; }
.card .value { font-size: 24px; font-weight: 700; letter-spacing: -.02em; margin-top: 2px; }
.card .sub { color: var(--muted); font-size: 12.5px; }
section.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 14px; padding: 20px 22px; margin: 18px 0; box-shadow: var(--shadow); }
section.panel > h2 { margin: 0 0 4px; font-size: 17px; letter-spacing: -.01em; display: flex; align-items: center; gap: 10px; }
section.panel > .lead { color: var(--muted); margin: 0 0 14px; }
h3 { font-size: 14px; margin: 18px 0 8px; }
.pill { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 11.5px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; vertical-align: 1px; }
.pill-true, .pill-ok { background: var(--good-bg); color: var(--good); }
.pill-false, .pill-fail { background: var(--bad-bg); color: var(--bad); }
.pill-unknown, .pill-info { background: var(--warn-bg); color: var(--warn); }
.pill-none { background: var(--none-bg); color: var(--none); }
.checkers { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.checker { border: 1px solid var(--border); border-radius: 12px; padding: 14px 16px; background: var(--panel); }
.checker h3 { margin: 0 0 6px; display: flex; justify-content: space-between; align-items: center; }
.checker dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 14px; margin: 8px 0 0; font-size: 13px; }
.checker dt { color: var(--muted); } .checker dd { margin: 0; word-break: break-word; }
details { margin-top: 8px; } summary { cursor: pointer; color: var(--muted); font-size: 13px; }
pre.json { background: var(--soft); border-radius: 8px; padding: 10px 12px; overflow: auto; max-height: 360px; margin: 6px 0 0; }
.command { display: flex; align-items: stretch; gap: 0; margin: 8px 0 4px; border: 1px solid var(--border); border-radius: 10px; overflow: hidden; background: var(--soft); }
.command code { flex: 1; padding: 10px 14px; white-space: pre-wrap; word-break: break-word; font-size: 13px; }
button { font: inherit; font-size: 12.5px; border: 1px solid var(--border); background: var(--panel); color: var(--text); border-radius: 8px; padding: 5px 12px; cursor: pointer; }
button:hover:not(:disabled) { border-color: var(--c-accent); color: var(--c-accent); }
button:disabled { opacity: .45; cursor: default; }
.command button { border: 0; border-left: 1px solid var(--border); border-radius: 0; padding: 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.table-scroll { overflow-x: auto; }
.chart-toolbar { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; justify-content: space-between; margin-bottom: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; color: var(--muted); }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 4px; vertical-align: -1px; }
.sw.band { opacity: .75; }
.sw-ok { background: var(--c-ok); } .sw-fail { background: var(--c-fail); } .sw-info { background: var(--c-info); }
.sw-partition { background: var(--c-partition); } .sw-crash { background: var(--c-crash); } .sw-pause { background: var(--c-pause); }
.sw-clock { background: var(--c-clock); } .sw-other { background: var(--c-other); } .sw-leader { background: hsl(247, 58%, 52%); }
.c-text { color: var(--text); } .c-accent { color: var(--c-accent); } .c-violation { color: var(--c-violation); } .c-warn { color: var(--warn); }
tr.total { font-weight: 600; }
.legend i.line { display: inline-block; width: 16px; border-top: 2px solid var(--c-text); opacity: .75; margin-right: 4px; }
.legend i.line.dashed { border-top: 2px dashed var(--c-accent); }
.sw.hatch { background: repeating-linear-gradient(135deg, var(--c-down) 0 2px, transparent 2px 5px) !important; border: 1px solid var(--c-down); }
.sw.pausehatch { background: repeating-linear-gradient(135deg, var(--c-pause) 0 1.5px, transparent 1.5px 5px) !important; border: 1px solid var(--c-pause); }
.legend button.toggle { border: 0; background: none; padding: 0; color: var(--muted); font-size: 12.5px; display: inline-flex; align-items: center; }
.legend button.toggle.off { opacity: .4; text-decoration: line-through; }
.zoom select { font: inherit; font-size: 12.5px; border: 1px solid var(--border); border-radius: 8px; padding: 4px 6px; background: var(--panel); color: var(--text); margin: 0 6px 0 4px; }
h3.ce-head { display: flex; justify-content: space-between; align-items: center; gap: 10px; }
.zoom { display: flex; gap: 8px; align-items: center; font-size: 12.5px; color: var(--muted); }
.chart-block { margin-top: 18px; }
.chart-block:first-of-type { margin-top: 6px; }
.chart-block h3 { margin: 0 0 4px; display: flex; gap: 12px; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
.chart-block h3 .legend { font-weight: 400; }
.chart-wrap { position: relative; user-select: none; }
.chart-wrap canvas { display: block; width: 100%; cursor: crosshair; }
.chart-wrap .crosshair { position: absolute; width: 1px; background: var(--muted); opacity: .55; pointer-events: none; display: none; }
.chart-wrap .selection { position: absolute; background: color-mix(in srgb, var(--c-accent) 16%, transparent); border: 1px solid var(--c-accent); pointer-events: none; display: none; }
.tooltip { position: fixed; z-index: 20; pointer-events: none; background: var(--panel); color: var(--text); border: 1px solid var(--border); border-radius: 10px; padding: 8px 11px; font-size: 12.5px; line-height: 1.45; max-width: 380px; box-shadow: 0 8px 28px rgba(0, 0, 0, .16); display: none; }
.tooltip hr { border: 0; border-top: 1px solid var(--border); margin: 6px 0; }
.tooltip .pill { font-size: 10px; padding: 0 7px; }
.callout { border-radius: 10px; padding: 12px 16px; margin: 14px 0; border: 1px solid; }
.callout.warn { background: var(--warn-bg); border-color: color-mix(in srgb, var(--warn) 30%, transparent); }
.callout.warn strong { color: var(--warn); }
.callout ul { margin: 6px 0 0; padding-left: 20px; }
.violation { border: 1px solid color-mix(in srgb, var(--bad) 35%, var(--border)); border-left: 4px solid var(--bad); border-radius: 10px; padding: 12px 16px; margin: 12px 0; }
.violation .head { display: flex; gap: 10px; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
.violation .name { font-weight: 700; color: var(--bad); font-family: var(--mono); }
.violation p { margin: 6px 0 8px; }
.ce { margin-top: 10px; }
.ce .explain { background: var(--soft); border-radius: 10px; padding: 12px 16px; margin: 10px 0; }
.ce .explain p { margin: 0 0 6px; } .ce .explain p:last-child { margin: 0; }
.ce .lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; }
.ce ol, .ce ul { margin: 6px 0; padding-left: 22px; font-family: var(--mono); font-size: 12.5px; }
.ce li { margin: 2px 0; }
.ce li .st { color: var(--muted); }
.ce li.badop { color: var(--bad); font-weight: 600; }
iframe.checker-page { width: 100%; height: 560px; border: 1px solid var(--border); border-radius: 10px; background: #fff; }
.files a { margin-right: 14px; white-space: nowrap; }
.files .size { color: var(--muted); font-size: 12px; }
.script-problem { background: var(--bad-bg); color: var(--bad); border-radius: 10px; padding: 10px 14px; margin: 12px 0; }
footer { color: var(--muted); font-size: 12.5px; margin-top: 28px; text-align: center; }
.empty { color: var(--muted); font-style: italic; }
.kv { display: grid; grid-template-columns: minmax(140px, max-content) 1fr; gap: 4px 18px; font-size: 13px; }
.kv div:nth-child(odd) { color: var(--muted); }
.kv div { word-break: break-word; }
`;
