// The inline script and style sheets of the index of runs and of serve's directory listings.
// Constants, so that the Content-Security-Policy (csp.ts) can allow exactly them by hash.

/** The style of serve's plain directory listing. */
export const LISTING_CSS = 'body{font:14px system-ui,sans-serif;margin:32px}';

export const INDEX_JS = String.raw`
(function () {
  var input = document.getElementById('filter');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tbody tr'));
  var active = 'all';
  function apply() {
    var q = (input.value || '').toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (active === 'all' || r.getAttribute('data-verdict') === active) && r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById('shown').textContent = shown + ' shown';
  }
  input.addEventListener('input', apply);
  document.querySelectorAll('[data-filter]').forEach(function (b) {
    b.addEventListener('click', function () {
      active = b.getAttribute('data-filter');
      document.querySelectorAll('[data-filter]').forEach(function (x) { x.classList.toggle('on', x === b); });
      apply();
    });
  });
  apply();
})();
`;

export const INDEX_CSS = `
.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 0 0 12px; }
.filters input { font: inherit; padding: 6px 10px; border: 1px solid var(--border); border-radius: 8px; background: var(--panel); color: var(--text); min-width: 240px; }
.filters button.on { border-color: var(--c-accent); color: var(--c-accent); }
td.name a { font-weight: 600; overflow-wrap: break-word; }
td.date { white-space: nowrap; }
td .problem { color: var(--warn); font-size: 12px; }
.checks { margin-top: 2px; font-size: 12px; color: var(--muted); display: flex; gap: 10px; flex-wrap: wrap; }
.ck-true { color: var(--good); } .ck-false { color: var(--bad); font-weight: 600; } .ck-unknown { color: var(--warn); }
`;
