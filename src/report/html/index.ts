// Writes the report page into <out>/report: index.html plus t/<topology>.html, all self-contained.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Topology } from '../../model/topology.js';
import type { Summary } from '../../model/summary.js';
import { graphSvg, LAYOUT_VERSION } from './graph.js';
import { overviewPage, topologyPage, type PageLinks } from './pages.js';

export interface ReportInput {
  summary: Summary;
  /** The analyzed models, matched to the summary's runs by id. */
  topologies: Topology[];
  outDir: string;
  /** What the model's relative file paths are relative to. */
  cwd: string;
}

const MAX_FRAME_FILE_BYTES = 8 * 1024 * 1024;

/** Layout costs tens of ms per graph; a graph whose drawn parts did not change keeps its SVG. */
async function cachedGraph(t: Topology, cacheDir: string, folder: string): Promise<string> {
  const drawn = {
    v: LAYOUT_VERSION,
    name: t.name ?? t.id,
    c: t.components.map((c) => [c.id, c.type, c.parallelism, c.tickFrequencySecs, c.className]),
    e: t.edges.map((e) => [e.from, e.to, e.stream, e.grouping, e.fields, e.customClass]),
  };
  const key = createHash('sha256').update(JSON.stringify(drawn)).digest('hex');
  const file = path.join(cacheDir, `${folder}.svg`);
  try {
    const text = fs.readFileSync(file, 'utf8');
    const nl = text.indexOf('\n');
    if (text.slice(0, nl) === key) return text.slice(nl + 1);
  } catch {
    // not cached yet
  }
  const svg = await graphSvg(t);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(file, `${key}\n${svg}`);
  return svg;
}

export async function writeReport(input: ReportInput): Promise<string> {
  const reportDir = path.join(input.outDir, 'report');
  const pageDir = path.join(reportDir, 't');
  fs.mkdirSync(pageDir, { recursive: true });
  const cache = new Map<string, string[] | undefined>();
  const links: PageLinks = {
    source: (file) => path.relative(pageDir, path.resolve(input.cwd, file)).split(path.sep).join('/'),
    generated: (folder, file) => `../../topologies/${folder}/${file}`,
    lines: (file) => {
      if (cache.has(file)) return cache.get(file);
      let lines: string[] | undefined;
      try {
        const abs = path.resolve(input.cwd, file);
        if (fs.statSync(abs).size <= MAX_FRAME_FILE_BYTES) lines = fs.readFileSync(abs, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      cache.set(file, lines);
      return lines;
    },
  };
  const byId = new Map(input.topologies.map((t) => [t.id, t]));
  const runs = input.summary.topologies;
  const written = new Set<string>();
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const t = byId.get(run.id);
    if (!t) continue;
    const svg = await cachedGraph(t, path.join(input.outDir, '.cache', 'graphs'), run.folder);
    const html = topologyPage(run, t, svg, links, { prev: runs[i - 1], next: runs[i + 1] });
    const file = `${run.folder}.html`;
    fs.writeFileSync(path.join(pageDir, file), html);
    written.add(file);
    cache.clear(); // code frames are per page; keep memory flat at 300 topologies
  }
  // Pages of topologies that no longer exist would be stale links.
  for (const f of fs.readdirSync(pageDir)) if (f.endsWith('.html') && !written.has(f)) fs.rmSync(path.join(pageDir, f));
  const index = path.join(reportDir, 'index.html');
  fs.writeFileSync(index, overviewPage(input.summary, runs));
  return index;
}
