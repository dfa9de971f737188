// The Content-Security-Policy of every page the report writes and `serve` serves: no script or
// style sheet runs unless it is one of the report's own inline ones, allowed by its SHA-256 hash
// (never 'unsafe-inline'), so markup that reached a page from a run's data can run nothing: no
// <script>, no onerror= handler, no style attribute. Nothing is fetched from anywhere else.
// The pages carry it in a <meta> (it holds from file:// too); serve sends it as a header as well.
import { createHash } from 'node:crypto';
import { COUNTEREXAMPLE_PAGE_CSS, COUNTEREXAMPLE_PAGE_JS } from '../checker/linearizability/render-html.js';
import { pageScript } from './client/main.js';
import { esc } from './html.js';
import { INDEX_CSS, INDEX_JS, LISTING_CSS } from './inline-assets.js';
import { PAGE_CSS } from './styles.js';

/** The text of every inline <script> the pages hold (the run page, the index, the checker's view). */
export function inlineScripts(): string[] {
  return [pageScript(), INDEX_JS, COUNTEREXAMPLE_PAGE_JS];
}

/** The text of every inline <style> the pages hold. */
export function inlineStyles(): string[] {
  return [PAGE_CSS, PAGE_CSS + INDEX_CSS, LISTING_CSS, COUNTEREXAMPLE_PAGE_CSS];
}

export function sourceHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

let policy: string | null = null;

/** The policy, as a <meta http-equiv> can hold it (no frame-ancestors: only a header may set it). */
export function reportPolicy(): string {
  policy ??= [
    "default-src 'none'",
    `script-src ${inlineScripts().map(sourceHash).join(' ')}`,
    `style-src ${inlineStyles().map(sourceHash).join(' ')}`,
    "img-src 'self' data:",
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return policy;
}

/** The header serve sends with every response. */
export function reportPolicyHeader(): string {
  return `${reportPolicy()}; frame-ancestors 'self'`;
}

/** The <meta> that carries the policy; it goes first in <head>, before any script or style. */
export function policyMeta(): string {
  return `<meta http-equiv="Content-Security-Policy" content="${esc(reportPolicy())}">`;
}

/** A whole page (the checker's view) with the policy's <meta> put first in its <head>. */
export function withPolicyMeta(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head === null) return html;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${policyMeta()}${html.slice(at)}`;
}
