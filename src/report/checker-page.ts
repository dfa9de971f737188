// The linearizability checker's own counterexample view (src/checker/linearizability/render-html.ts). The report
// writes it next to the run's page as counterexample.html (linked and embedded) when src/checker
// exports `renderCounterexampleHtml`, and links any other HTML page found in the run directory.
// Both are optional: without them the report draws the counterexample from results.json itself.
import { readdir } from 'node:fs/promises';

export async function checkerPagesIn(runDir: string): Promise<{ href: string; label: string }[]> {
  let names: string[];
  try {
    names = await readdir(runDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.html') && n !== 'index.html')
    .sort()
    .map((n) => ({ href: encodeURIComponent(n), label: n }));
}

/** src/checker/linearizability/render-html.ts: renderCounterexampleHtml(result: CheckResult, title?) -> a whole page. */
type Renderer = (result: Record<string, unknown>, title?: string) => string;

/** The checker's renderer, if its module is there; null otherwise (never throws). */
export async function loadCheckerRenderer(): Promise<Renderer | null> {
  // A variable specifier keeps the compiler from requiring the module while it is being written.
  const specifier = '../checker/index.js';
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    const fn = mod['renderCounterexampleHtml'];
    return typeof fn === 'function' ? (fn as Renderer) : null;
  } catch {
    return null;
  }
}
