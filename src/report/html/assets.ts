// The page's only stylesheet and script, inlined into every page and allowed by hash in the CSP
// (a file:// page has no reliable 'self', and nothing may come from the network).
import { createHash } from 'node:crypto';

export const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;--link:#0550ae;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--focus:#0969da;--spout:#dbeafe;--bolt:#fef3c7}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#161b22;--line:#30363d;--link:#4493f8;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--focus:#58a6ff;--spout:#1e3a5f;--bolt:#4a3b12}}
*{box-sizing:border-box}
html{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,[tabindex]:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:var(--bg);padding:.5em 1em;z-index:10}
.skip:focus{left:.5em;top:.5em}
header.top{padding:.75rem 1.25rem;border-bottom:1px solid var(--line);background:var(--panel)}
header.top nav a{margin-right:1em}
main{padding:1rem 1.25rem 3rem;max-width:1600px}
main:focus{outline:none}
h1{font-size:1.5rem;margin:.25rem 0 .5rem}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.muted,.sub{color:var(--muted)}
.sub{font-size:.85em}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem;margin:.75rem 0}
.totals div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
.totals dt{color:var(--muted);font-size:.85em}
.totals dd{margin:0;font-size:1.25rem;font-weight:600}
.totals dd small{font-size:.7em;font-weight:400;color:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:.75rem 0}
.controls label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted)}
.controls input,.controls select{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);min-width:12rem}
.table-wrap{overflow:auto;border:1px solid var(--line);border-radius:6px;max-height:75vh}
table{border-collapse:collapse;width:100%}
#topologies{font-size:.9em}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid var(--line)}
thead th{position:sticky;top:0;background:var(--panel);z-index:1;white-space:nowrap}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;color:var(--fg);cursor:pointer}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
tbody tr:hover{background:var(--panel)}
td.num,th.num{text-align:right}
.badge{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.85em;border:1px solid currentColor;white-space:nowrap}
.r-ready,.v-equivalent,.s-ok{color:var(--ok)}
.r-warnings,.s-not-run,.s-skipped{color:var(--warn)}
.r-blocked,.v-not-equivalent,.s-failed,.s-blocked{color:var(--bad)}
.v-none{color:var(--muted)}
.chip{display:inline-block;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 .35em;margin:0 .2em .2em 0;font-size:.85em}
.toc{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
.facts dt{color:var(--muted)}
.facts dd{margin:0}
.graph-wrap{overflow:auto;border:1px solid var(--line);border-radius:6px;background:var(--panel);max-height:70vh}
svg.graph{display:block}
svg.graph .node rect{stroke:var(--fg);stroke-width:1;fill:var(--bolt)}
svg.graph .node.spout rect{fill:var(--spout)}
svg.graph .node.missing rect{fill:none;stroke-dasharray:4 3}
svg.graph text{font:11px ui-monospace,Menlo,Consolas,monospace;fill:var(--fg)}
svg.graph .node .nid{font-size:12px;font-weight:700}
svg.graph .node .meta,svg.graph .node .cls{fill:var(--muted)}
svg.graph .edge path{fill:none;stroke:var(--muted);stroke-width:1.4}
svg.graph .edge text{fill:var(--muted)}
svg.graph marker path{fill:var(--muted)}
.diag{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:4px;padding:.5rem .75rem;margin:.5rem 0}
.diag.error{border-left-color:var(--bad)}
.diag.warning{border-left-color:var(--warn)}
.diag .sev{font-weight:700;text-transform:uppercase;font-size:.8em}
.diag.error .sev{color:var(--bad)}
.diag.warning .sev{color:var(--warn)}
pre.frame{background:var(--panel);padding:.4rem .6rem;overflow:auto;margin:.4rem 0;border-radius:4px}
pre.frame .hl{font-weight:700}
pre.frame .ln{color:var(--muted);user-select:none}
.pager{display:flex;justify-content:space-between;margin-top:2rem}
[hidden]{display:none!important}
`;

export const JS = `
(function () {
  var table = document.getElementById('topologies');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var q = document.getElementById('q');
  var rd = document.getElementById('f-readiness');
  var vd = document.getElementById('f-verdict');
  var shown = document.getElementById('shown');
  function apply() {
    var text = q.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!text || row.getAttribute('data-search').indexOf(text) >= 0) &&
        (!rd.value || row.getAttribute('data-readiness') === rd.value) &&
        (!vd.value || row.getAttribute('data-verdict') === vd.value);
      row.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + ' of ' + rows.length + ' topologies shown';
  }
  q.addEventListener('input', apply);
  rd.addEventListener('change', apply);
  vd.addEventListener('change', apply);
  window.addEventListener('pageshow', apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var b = th.querySelector('button');
    if (!b) return;
    b.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var num = th.classList.contains('num');
      var key = function (r) { var c = r.cells[col]; var v = c.getAttribute('data-v'); return v === null ? c.textContent : v; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = num ? Number(x) - Number(y) : x.localeCompare(y);
        return d * dir;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      tbody.appendChild(frag);
    });
  });
  apply();
})();
`;

export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing from the network, no inline code but ours, no forms, no base rewriting. */
export function csp(scripts: string[]): string {
  const script = scripts.length > 0 ? scripts.map(cspHash).join(' ') : "'none'";
  return `default-src 'none'; style-src ${cspHash(CSS)}; script-src ${script}; img-src data:; base-uri 'none'; form-action 'none'`;
}
