// Small helpers for writing HTML safely on the server side.

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside <script type="application/json">: no "</script>", no "<!--". */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A URL path segment list joined with each segment percent-encoded (for links to node files). */
export function hrefOf(...segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

export function fmtDuration(ns: number): string {
  if (!Number.isFinite(ns) || ns < 0) return '\u2014';
  if (ns < 1e6) return `${(ns / 1e3).toFixed(0)} \u00b5s`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  if (ns < 120e9) return `${(ns / 1e9).toFixed(ns < 1e10 ? 2 : 1)} s`;
  if (ns < 7200e9) return `${(ns / 60e9).toFixed(1)} min`;
  return `${(ns / 3600e9).toFixed(1)} h`;
}

export function fmtMs(ms: number | null): string {
  if (ms === null) return '\u2014';
  return fmtDuration(ms * 1e6);
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${fmtInt(n)} ${n === 1 ? word : many}`;
}

/** Pretty JSON, cut at maxChars so a huge checker detail cannot swell the page. */
export function prettyJson(value: unknown, maxChars = 20_000): string {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n\u2026 (${fmtInt(text.length - maxChars)} more characters)` : text;
}
