// Counterexamples as data, and the self-contained HTML page drawn from them.
import { describe, expect, it } from 'vitest';
import { checkOperationsSync } from '../../src/checker/linearizability/check.js';
import { renderCounterexampleHtml } from '../../src/checker/linearizability/render-html.js';
import { history, op } from './helpers/ops.js';

// p0 writes 1, then p1 reads 2 although nobody wrote 2; p2's read of 1 is fine.
const bad = history(
  op(0, 'write', 1, 1, 0, 10),
  op(2, 'read', null, 1, 11, 12),
  op(1, 'read', null, 2, 13, 20),
  op(0, 'write', 3, '?', 14, 0),
);

describe('counterexample', () => {
  it('gives the longest linearizable prefix, the state there, and what could not be placed', () => {
    const r = checkOperationsSync(bad, 'register');
    expect(r.valid).toBe(false);
    const [cx] = r.counterexample!;
    expect(cx!.key).toBeNull();
    expect(cx!.model).toBe('register');
    // Read 2 can never be satisfied: nothing called before it returned writes 2 (the unknown write
    // is of 3). The search stops as soon as that is so: after the write of 1.
    expect(cx!.longestPrefix.map((s) => s.op)).toEqual([0]);
    expect(cx!.longestPrefix.map((s) => s.stateAfter)).toEqual(['1']);
    expect(cx!.stateAtFailure).toBe('1');
    expect(cx!.couldNotPlace).toEqual([2]);
    expect(cx!.blockingOp).toBe(2);
    expect(cx!.operations.map((o) => [o.id, o.call, o.return, o.text])).toEqual([
      [0, 0, 10, 'write(1)'],
      [1, 11, 12, 'read() -> 1'],
      [2, 13, 20, 'read() -> 2'],
      [3, 14, null, 'write(3) -> ?'],
    ]);
  });
  it('draws a self-contained page: inline style and script, no network', () => {
    const r = checkOperationsSync(bad, 'register');
    const html = renderCounterexampleHtml(r, 'cx <test>');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>cx &lt;test&gt;</title>');
    expect(html).toContain('<style>');
    expect(html).toContain('<script>');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).toContain('NOT linearizable');
    // One linearized operation, one not placed, one of unknown outcome drawn open-ended.
    expect(html.match(/class="op lin/g)).toHaveLength(1);
    expect(html).toContain('class="op open" data-op="3"');
    expect(html).toContain('class="op bad" data-op="2"');
    expect(html).toContain('read() -&gt; 2');
  });
  it('a valid result draws a page that says there is nothing to show', () => {
    const ok = checkOperationsSync(history(op(0, 'write', 1, 1, 0, 1)), 'register');
    expect(ok.counterexample).toBeUndefined();
    expect(renderCounterexampleHtml(ok)).toContain('No counterexample');
  });
  it('can be switched off', () => {
    expect(checkOperationsSync(bad, 'register', { counterexample: false }).counterexample).toBeUndefined();
  });
});
