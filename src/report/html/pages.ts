// The report's pages as strings: the overview and one page per topology. Pure functions of the
// summary and the model (plus source text for code frames), so they are easy to test.
import { CATALOG_BY_CODE } from '../../model/diagnostics.js';
import type { Diagnostic, Topology } from '../../model/topology.js';
import type { StageName, StageResult, Summary, TopologyRun } from '../../model/summary.js';
import { CSS, JS, csp } from './assets.js';
import { esc, hrefPath } from './escape.js';
import { edgeText } from './graph.js';
import { frameLines } from '../frame.js';

export interface PageLinks {
  /** Relative href (already a path, not escaped) from a topology page to a source file. */
  source(file: string): string;
  /** Relative href from a topology page to a file a stage generated. */
  generated(folder: string, file: string): string;
  /** A few lines of a source file, or undefined when it cannot be read. */
  lines(file: string): string[] | undefined;
}

const READINESS_TEXT = { ready: 'migrates automatically', warnings: 'migrates with warnings', blocked: 'blocked' } as const;

function shell(title: string, body: string, opts: { script?: boolean; nav: string }): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp(opts.script ? [JS] : []))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    '<a class="skip" href="#main">Skip to content</a>',
    `<header class="top"><nav aria-label="Report">${opts.nav}</nav></header>`,
    `<main id="main" tabindex="-1">${body}</main>`,
    opts.script ? `<script>${JS}</script>` : '',
    '</body></html>',
    '',
  ].join('\n');
}

function badge(cls: string, text: string): string {
  return `<span class="badge ${esc(cls)}">${esc(text)}</span>`;
}

function mb(n: number): string {
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} GB` : `${Math.round(n)} MB`;
}

function stormText(r: TopologyRun): string {
  return `${r.facts.storm.workers} × ${mb(r.facts.storm.heapMb)}`;
}

function flinkText(r: TopologyRun): string | undefined {
  const f = r.facts.flink;
  return f ? `${f.taskManagers} TM × ${mb(f.taskHeapMb)} (${f.slotsPerTaskManager} slot${f.slotsPerTaskManager === 1 ? '' : 's'})` : undefined;
}

function verdictOf(r: TopologyRun): { key: string; text: string } {
  if (r.facts.verdict === 'equivalent') return { key: 'equivalent', text: 'equivalent' };
  if (r.facts.verdict === 'not-equivalent') return { key: 'not-equivalent', text: 'not equivalent' };
  const v = r.stages.verify;
  return { key: 'none', text: v.status === 'failed' ? 'verify failed' : 'not run' };
}

const STAGE_DONE: Record<StageName, string> = { analyze: 'analyzed', translate: 'translated', verify: 'verified' };

function progressText(r: TopologyRun): { text: string; cls: string } {
  const failed = (Object.keys(r.stages) as StageName[]).filter((s) => r.stages[s].status === 'failed');
  if (failed.length > 0) return { text: `${failed.join(', ')} failed`, cls: 's-failed' };
  const reached = (Object.keys(r.stages) as StageName[]).filter((s) => r.stages[s].status === 'ok').pop();
  return reached ? { text: STAGE_DONE[reached], cls: 's-ok' } : { text: 'not analyzed', cls: 's-not-run' };
}

export function overviewPage(summary: Summary, runs: TopologyRun[]): string {
  const c = summary.counts;
  const ready = runs.filter((r) => r.facts.readiness === 'ready').length;
  const warnings = runs.filter((r) => r.facts.readiness === 'warnings').length;
  const components = runs.reduce((n, r) => n + r.facts.spouts + r.facts.bolts, 0);
  const edges = runs.reduce((n, r) => n + r.facts.edges, 0);
  const stormWorkers = runs.reduce((n, r) => n + r.facts.storm.workers, 0);
  const stormMb = runs.reduce((n, r) => n + r.facts.storm.workers * r.facts.storm.heapMb, 0);
  const planned = runs.filter((r) => r.facts.flink);
  const flinkTm = planned.reduce((n, r) => n + r.facts.flink!.taskManagers, 0);
  const flinkMb = planned.reduce((n, r) => n + r.facts.flink!.taskManagers * r.facts.flink!.taskHeapMb, 0);
  const stormPlannedMb = planned.reduce((n, r) => n + r.facts.storm.workers * r.facts.storm.heapMb, 0);
  const total = (label: string, value: string, note?: string) =>
    `<div><dt>${esc(label)}</dt><dd>${esc(value)}${note ? ` <small>${esc(note)}</small>` : ''}</dd></div>`;

  const body: string[] = [];
  body.push('<h1>Storm → Flink migration report</h1>');
  body.push(`<p class="muted">${esc(summary.options.paths.join(' '))} · storm2flink ${esc(summary.tool.version)} · generated ${esc(summary.generatedAt)}</p>`);
  body.push('<dl class="totals" aria-label="Totals">');
  body.push(total('Topologies', String(c.topologies), summary.stats ? `${summary.stats.javaFiles} Java, ${summary.stats.fluxFiles} Flux files` : undefined));
  body.push(total('Migrate automatically', String(ready)));
  body.push(total('With warnings', String(warnings)));
  body.push(total('Blocked', String(c.blocked)));
  body.push(total('Components', String(components), `${edges} subscriptions`));
  body.push(total('Translated', String(c.translated)));
  body.push(total('Verified equivalent', String(c.verified.equivalent), `${c.verified.notEquivalent} not equivalent · ${c.verified.notRun} not run`));
  body.push(total('Storm today', `${stormWorkers} workers`, `${mb(stormMb)} heap`));
  body.push(
    total(
      'Flink planned',
      planned.length > 0 ? `${flinkTm} TMs` : '—',
      planned.length > 0 ? `${mb(flinkMb)} heap for ${planned.length} topologies (Storm: ${mb(stormPlannedMb)})` : 'no translation yet',
    ),
  );
  if (c.failed > 0 || c.failedFiles > 0) body.push(total('Failed', String(c.failed), `${c.failedFiles} files not analyzed`));
  body.push('</dl>');

  if (summary.regressions.length > 0) {
    body.push('<h2 id="regressions">Regressions since the previous run</h2><ul>');
    for (const r of summary.regressions) body.push(`<li><strong>${esc(r.id)}</strong>: ${esc(r.what)}</li>`);
    body.push('</ul>');
  }

  body.push('<h2 id="list">Topologies</h2>');
  body.push('<div class="controls" role="search">');
  body.push('<label for="q">Filter<input id="q" type="search" placeholder="name, class, topic, file…" autocomplete="off"></label>');
  body.push(
    '<label for="f-readiness">Readiness<select id="f-readiness"><option value="">all</option>' +
      '<option value="ready">migrates automatically</option><option value="warnings">with warnings</option><option value="blocked">blocked</option></select></label>',
  );
  body.push(
    '<label for="f-verdict">Verification<select id="f-verdict"><option value="">all</option>' +
      '<option value="equivalent">equivalent</option><option value="not-equivalent">not equivalent</option><option value="none">not verified</option></select></label>',
  );
  body.push(`<p id="shown" class="muted" aria-live="polite">${runs.length} of ${runs.length} topologies shown</p>`);
  body.push('</div>');

  const th = (label: string, num = false) => `<th scope="col"${num ? ' class="num"' : ''}><button type="button">${esc(label)}</button></th>`;
  body.push('<div class="table-wrap"><table id="topologies"><caption class="sub">Click a column header to sort.</caption><thead><tr>');
  body.push(
    [
      th('Topology'),
      th('Readiness'),
      th('Components', true),
      th('Groupings'),
      th('Ticks', true),
      th('Kafka topics'),
      th('Delivery before → after'),
      th('Storm → Flink resources'),
      th('Verification'),
      th('Status'),
      th('Issues', true),
    ].join(''),
  );
  body.push('</tr></thead><tbody>');
  const rank = { ready: 0, warnings: 1, blocked: 2 } as const;
  for (const r of runs) {
    const f = r.facts;
    const v = verdictOf(r);
    const p = progressText(r);
    const search = [r.id, r.name ?? '', r.kind, r.source.file, ...f.kafkaTopics, ...f.groupings, f.readiness, READINESS_TEXT[f.readiness]]
      .join(' ')
      .toLowerCase();
    const topics = f.kafkaTopics.length > 3 ? `${f.kafkaTopics.slice(0, 3).join(', ')} +${f.kafkaTopics.length - 3}` : f.kafkaTopics.join(', ');
    const flink = flinkText(r);
    body.push(
      `<tr data-search="${esc(search)}" data-readiness="${f.readiness}" data-verdict="${v.key}">` +
        `<td data-v="${esc(r.name ?? r.id)}"><a href="t/${hrefPath(r.folder)}.html">${esc(r.name ?? r.id)}</a><br><span class="sub">${esc(r.kind)} · ${esc(r.id)}</span></td>` +
        `<td data-v="${rank[f.readiness]}">${badge(`r-${f.readiness}`, READINESS_TEXT[f.readiness])}</td>` +
        `<td class="num" data-v="${f.spouts + f.bolts}">${f.spouts + f.bolts}<br><span class="sub">${f.spouts} sp · ${f.bolts} bo</span></td>` +
        `<td>${esc(f.groupings.join(', '))}</td>` +
        `<td class="num">${f.ticks}</td>` +
        `<td data-v="${esc(f.kafkaTopics.join(','))}" title="${esc(f.kafkaTopics.join(', '))}">${esc(topics)}</td>` +
        `<td>${esc(f.deliveryBefore)} → ${esc(f.deliveryAfter ?? '—')}</td>` +
        `<td data-v="${f.storm.workers * f.storm.heapMb}">${esc(stormText(r))} → ${esc(flink ?? '—')}</td>` +
        `<td>${badge(`v-${v.key}`, v.text)}</td>` +
        `<td class="${p.cls}">${esc(p.text)}</td>` +
        `<td class="num" data-v="${f.diagnostics.error * 1000 + f.diagnostics.warning}">${f.diagnostics.error} E · ${f.diagnostics.warning} W</td>` +
        '</tr>',
    );
  }
  body.push('</tbody></table></div>');

  if (summary.failedFiles.length > 0) {
    body.push('<h2 id="failed-files">Files that could not be analyzed</h2><ul>');
    for (const f of summary.failedFiles) {
      body.push(`<li><code>${esc(f.file)}</code>: ${f.diagnostics.map((d) => `${esc(d.code)} ${esc(loc(d))} ${esc(d.message)}`).join('; ')}</li>`);
    }
    body.push('</ul>');
  }
  const other = summary.diagnostics.filter((d) => !summary.failedFiles.some((f) => f.file === d.file) && d.severity !== 'info');
  if (other.length > 0) {
    body.push(`<details><summary>${other.length} other diagnostics outside any topology</summary><ul>`);
    for (const d of other.slice(0, 500)) body.push(`<li>${esc(d.severity)} ${esc(d.code)} <code>${esc(loc(d))}</code> ${esc(d.message)}</li>`);
    if (other.length > 500) body.push(`<li>… ${other.length - 500} more in summary.json</li>`);
    body.push('</ul></details>');
  }
  return shell('Migration report', body.join('\n'), {
    script: true,
    nav: '<a href="index.html" aria-current="page">Overview</a><a href="../summary.json">summary.json</a>',
  });
}

function loc(d: { file: string; line: number; column: number }): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
}

function codeFrame(d: Diagnostic, links: PageLinks): string {
  if (d.line < 1) return '';
  const all = links.lines(d.file);
  if (!all) return '';
  const out: string[] = [];
  for (const l of frameLines(all, d.line, d.column, 2, 200)) {
    const text = `<span class="ln">${String(l.n).padStart(l.width)} │ </span>${esc(l.text)}`;
    out.push(l.at ? `<span class="hl">${text}</span>` : text);
    if (l.at?.caret !== undefined) out.push(`<span class="ln">${' '.repeat(l.width)} │ </span>${' '.repeat(l.at.caret)}^`);
  }
  return `<pre class="frame" tabindex="0" aria-label="${esc(`Source around ${loc(d)}`)}"><code>${out.join('\n')}</code></pre>`;
}

function sourceLink(file: string, line: number, column: number, links: PageLinks): string {
  const text = line > 0 ? `${file}:${line}:${column}` : file;
  return `<a href="${hrefPath(links.source(file), line > 0 ? `L${line}` : undefined)}"><code>${esc(text)}</code></a>`;
}

function stageRow(name: StageName, r: StageResult): string {
  const dur = r.reused ? 'reused' : r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(1)}s` : '';
  return `<tr><th scope="row">${esc(name)}</th><td class="s-${esc(r.status)}">${esc(r.status)}</td><td>${esc(r.reason ?? '')}</td><td>${esc(dur)}</td></tr>`;
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? 'null');
}

export function topologyPage(run: TopologyRun, t: Topology, svg: string, links: PageLinks, nav: { prev?: TopologyRun; next?: TopologyRun }): string {
  const f = run.facts;
  const title = t.name ?? t.id;
  const translation = run.stages.translate.status === 'ok' ? run.stages.translate.translation : undefined;
  const verification = run.stages.verify.status === 'ok' ? run.stages.verify.verification : undefined;
  const compat = new Map((translation?.components ?? []).map((c) => [c.id, c]));
  const body: string[] = [];
  body.push(`<h1>${esc(title)} ${badge(`r-${f.readiness}`, READINESS_TEXT[f.readiness])}</h1>`);
  body.push(
    `<p class="muted">${esc(t.kind === 'flux' ? 'Flux YAML' : 'Java')} · ${esc(t.namespace)} · ${sourceLink(t.source.file, t.source.line, t.source.column, links)}` +
      `${t.entry?.className ? ` · <code>${esc(t.entry.className)}${t.entry.method ? `.${esc(t.entry.method)}()` : ''}</code>` : ''}</p>`,
  );
  body.push(
    '<nav class="toc" aria-label="Sections">' +
      [
        ['graph', 'Graph'],
        ['components', 'Components'],
        ['subscriptions', 'Subscriptions'],
        ['diagnostics', `Diagnostics (${t.diagnostics.length})`],
        ['config', 'Config'],
        ['files', 'Generated files'],
        ['verification', 'Verification'],
        ['stages', 'Stages'],
      ]
        .map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`)
        .join('') +
      '</nav>',
  );
  const flink = flinkText(run);
  body.push('<dl class="facts">');
  body.push(
    `<dt>Delivery</dt><dd>${esc(f.deliveryBefore)} <span class="sub">(${esc(f.deliveryBeforeBecause)})</span> → ${esc(f.deliveryAfter ?? 'not planned yet')}${translation?.guarantee?.because ? ` <span class="sub">(${esc(translation.guarantee.because)})</span>` : ''}</dd>`,
  );
  body.push(
    `<dt>Resources</dt><dd>Storm ${esc(stormText(run))} <span class="sub">(${esc(f.storm.because)})</span> → Flink ${esc(flink ?? 'not planned yet')}</dd>`,
  );
  body.push(`<dt>Kafka topics</dt><dd>${f.kafkaTopics.length ? f.kafkaTopics.map((x) => `<code>${esc(x)}</code>`).join(', ') : '—'}</dd>`);
  body.push(`<dt>Tick tuples</dt><dd>${f.ticks ? `${f.ticks} bolt${f.ticks === 1 ? '' : 's'}` : 'none'}</dd>`);
  body.push('</dl>');

  body.push('<h2 id="graph">Graph</h2>');
  body.push(`<div class="graph-wrap" tabindex="0" role="region" aria-label="Topology graph (scrollable)">${svg}</div>`);

  body.push('<h2 id="components">Components</h2>');
  body.push(
    '<div class="table-wrap"><table><thead><tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">Class</th><th scope="col" class="num">Parallelism</th><th scope="col" class="num">Tasks</th><th scope="col">Tick</th><th scope="col">Features</th><th scope="col">Kafka</th><th scope="col">Compat status</th></tr></thead><tbody>',
  );
  for (const c of t.components) {
    const kafka = c.kafka
      ? `${c.kafka.kind} ← ${c.kafka.topics.join(', ') || c.kafka.topicPattern || '?'}`
      : c.kafkaSink
        ? `sink → ${c.kafkaSink.topic ?? '?'}`
        : '';
    const st = compat.get(c.id);
    body.push(
      `<tr><th scope="row"><code>${esc(c.id)}</code></th><td>${esc(c.type)}</td>` +
        `<td>${c.className ? `<code>${esc(c.className)}</code>` : '?'}${c.classSource ? `<br>${sourceLink(c.classSource.file, c.classSource.line, c.classSource.column, links)}` : ''}</td>` +
        `<td class="num">${esc(c.parallelism ?? '?')}</td><td class="num">${esc(c.numTasks ?? '')}</td>` +
        `<td>${c.tickFrequencySecs !== null ? `${esc(c.tickFrequencySecs)}s` : ''}</td>` +
        `<td>${c.features.map((x) => `<span class="chip">${esc(x)}</span>`).join('')}</td>` +
        `<td>${esc(kafka)}</td>` +
        `<td>${st ? `<span class="${st.status === 'supported' ? 's-ok' : st.status === 'warning' ? 's-not-run' : 's-failed'}">${esc(st.status)}</span>${st.note ? ` <span class="sub">${esc(st.note)}</span>` : ''}` : '<span class="muted">not translated</span>'}</td></tr>`,
    );
  }
  body.push('</tbody></table></div>');

  body.push('<h2 id="subscriptions">Subscriptions</h2>');
  if (t.edges.length === 0) body.push('<p class="muted">None.</p>');
  else {
    body.push(
      '<div class="table-wrap"><table><thead><tr><th scope="col">From</th><th scope="col">Stream</th><th scope="col">To</th><th scope="col">Grouping</th><th scope="col">Where</th></tr></thead><tbody>',
    );
    for (const e of t.edges) {
      body.push(
        `<tr><td><code>${esc(e.from)}</code></td><td><code>${esc(e.stream)}</code></td><td><code>${esc(e.to)}</code></td>` +
          `<td>${esc(edgeText(e).split(' · ')[0])}${e.customClass ? ` <code>${esc(e.customClass)}</code>` : ''}</td>` +
          `<td>${e.source ? sourceLink(e.source.file, e.source.line, e.source.column, links) : ''}</td></tr>`,
      );
    }
    body.push('</tbody></table></div>');
  }

  body.push('<h2 id="diagnostics">Diagnostics</h2>');
  const stageDiags = (Object.keys(run.stages) as StageName[]).flatMap((s) => run.stages[s].diagnostics ?? []);
  const diags = [...t.diagnostics, ...stageDiags];
  if (diags.length === 0) body.push('<p class="muted">None.</p>');
  for (const d of diags) {
    const name = CATALOG_BY_CODE.get(d.code)?.name;
    body.push(
      `<article class="diag ${esc(d.severity)}"><p><span class="sev">${esc(d.severity)}</span> <code>${esc(d.code)}${name ? ` ${esc(name)}` : ''}</code>${d.blocker ? ' ' + badge('r-blocked', 'blocker') : ''} ${esc(d.message)}</p>` +
        `<p>${sourceLink(d.file, d.line, d.column, links)}</p>${codeFrame(d, links)}${d.help ? `<p class="sub">help: ${esc(d.help)}</p>` : ''}</article>`,
    );
  }

  body.push('<h2 id="config">Config</h2>');
  if (translation?.configMapping && translation.configMapping.length > 0) {
    body.push(
      '<div class="table-wrap"><table><thead><tr><th scope="col">Storm key</th><th scope="col">Storm value</th><th scope="col">Flink key</th><th scope="col">Flink value</th><th scope="col">Provenance</th></tr></thead><tbody>',
    );
    for (const m of translation.configMapping) {
      body.push(
        `<tr><td><code>${esc(m.stormKey ?? '')}</code></td><td><code>${esc(m.stormValue ?? '')}</code></td><td><code>${esc(m.flinkKey ?? '—')}</code></td><td><code>${esc(m.flinkValue ?? '')}</code></td><td>${esc(m.origin)}: ${esc(m.because)}</td></tr>`,
      );
    }
    body.push('</tbody></table></div>');
  } else {
    const entries = Object.entries(t.config);
    body.push('<p class="muted">The Storm → Flink mapping appears here once the topology is translated. Storm config as analyzed:</p>');
    if (entries.length > 0) {
      body.push('<div class="table-wrap"><table><thead><tr><th scope="col">Storm key</th><th scope="col">Value</th></tr></thead><tbody>');
      for (const [k, v] of entries) body.push(`<tr><td><code>${esc(k)}</code></td><td><code>${esc(valueText(v))}</code></td></tr>`);
      body.push('</tbody></table></div>');
    } else body.push('<p class="muted">No topology config.</p>');
  }

  body.push('<h2 id="files">Generated files</h2>');
  const files = (Object.keys(run.stages) as StageName[]).flatMap((s) => (run.stages[s].files ?? []).map((file) => ({ s, file })));
  if (files.length === 0) body.push('<p class="muted">None yet.</p>');
  else {
    body.push('<ul>');
    for (const x of files)
      body.push(`<li><a href="${hrefPath(links.generated(run.folder, x.file))}"><code>${esc(x.file)}</code></a> <span class="sub">${esc(x.s)}</span></li>`);
    body.push('</ul>');
  }

  body.push('<h2 id="verification">Verification</h2>');
  if (!verification) {
    const v = run.stages.verify;
    body.push(`<p class="muted">Not verified: ${esc(v.status)}${v.reason ? ` (${esc(v.reason)})` : ''}.</p>`);
  } else {
    body.push(
      `<p>${badge(`v-${verification.verdict}`, verification.verdict === 'equivalent' ? 'equivalent' : 'not equivalent')} ${esc(verification.summary ?? '')}</p>`,
    );
    body.push(
      '<div class="table-wrap"><table><thead><tr><th scope="col">Component</th><th scope="col">Stream</th><th scope="col" class="num">Storm</th><th scope="col" class="num">Flink</th><th scope="col">Equal</th><th scope="col">Differing tuples</th></tr></thead><tbody>',
    );
    for (const row of verification.rows) {
      const diffs = (row.differences ?? []).map(
        (d) =>
          `<li>${d.key !== undefined ? `<code>${esc(d.key)}</code>: ` : ''}Storm <code>${esc(d.storm ?? '—')}</code> · Flink <code>${esc(d.flink ?? '—')}</code></li>`,
      );
      body.push(
        `<tr><td><code>${esc(row.component)}</code></td><td><code>${esc(row.stream)}</code></td><td class="num">${row.storm}</td><td class="num">${row.flink}</td>` +
          `<td class="${row.equal ? 's-ok' : 's-failed'}">${row.equal ? 'yes' : 'no'}</td><td>${diffs.length ? `<ul>${diffs.join('')}</ul>` : ''}</td></tr>`,
      );
    }
    body.push('</tbody></table></div>');
  }

  body.push('<h2 id="stages">Stages</h2>');
  body.push('<table><thead><tr><th scope="col">Stage</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Time</th></tr></thead><tbody>');
  for (const s of Object.keys(run.stages) as StageName[]) body.push(stageRow(s, run.stages[s]));
  body.push('</tbody></table>');
  body.push(
    `<p class="sub">Input hash <code>${esc(run.inputHash.slice(0, 16))}</code> · files: ${run.files.map((x) => sourceLink(x, 0, 0, links)).join(', ')}</p>`,
  );

  body.push(
    '<nav class="pager" aria-label="Other topologies">' +
      (nav.prev ? `<a href="${hrefPath(nav.prev.folder)}.html" rel="prev">← ${esc(nav.prev.name ?? nav.prev.id)}</a>` : '<span></span>') +
      (nav.next ? `<a href="${hrefPath(nav.next.folder)}.html" rel="next">${esc(nav.next.name ?? nav.next.id)} →</a>` : '<span></span>') +
      '</nav>',
  );
  return shell(`${title} · migration report`, body.join('\n'), {
    nav: `<a href="../index.html">Overview</a><span aria-current="page">${esc(title)}</span>`,
  });
}
