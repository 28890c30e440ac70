// The topology graph as static SVG: laid out with elkjs at build time, so the page needs no layout JS.
// ELK's layered algorithm with a fixed seed gives the same coordinates for the same input.
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Edge, Topology } from '../../model/topology.js';
import { esc } from './escape.js';

// Monospace metrics at the sizes the stylesheet uses (12px ids, 11px labels).
const CHAR_W = 7.3;
const LABEL_CHAR_W = 6.7;
const MAX_CHARS = 34;
/** Bump when the drawing changes, so cached SVGs are redrawn. */
export const LAYOUT_VERSION = 1;

let elk: ELK | undefined;
// A CommonJS bundle: under NodeNext its constructor is the default export's `default`.
const ElkConstructor = ElkBundled.default;

function clip(s: string, n = MAX_CHARS): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function edgeText(e: Edge): string {
  const g = e.grouping === 'fields' || e.grouping === 'partial-key' ? `${e.grouping}(${(e.fields ?? []).join(',')})` : e.grouping;
  return `${g} · ${e.stream}`;
}

const round = (n: number | undefined) => Math.round((n ?? 0) * 10) / 10;

export async function graphSvg(t: Topology): Promise<string> {
  elk ??= new ElkConstructor();
  const lines = new Map<string, [string, string, string]>();
  const children: ElkNode[] = [];
  for (const c of t.components) {
    if (lines.has(c.id)) continue;
    const cls = c.className?.split('.').pop() ?? '?';
    const l: [string, string, string] = [
      clip(c.id),
      `${c.type} ×${c.parallelism ?? '?'}${c.tickFrequencySecs !== null ? ` · tick ${c.tickFrequencySecs}s` : ''}`,
      clip(cls),
    ];
    lines.set(c.id, l);
    children.push({ id: `n${children.length}`, width: Math.max(120, Math.max(...l.map((x) => x.length)) * CHAR_W + 24), height: 58 });
  }
  const nodeOf = new Map([...lines.keys()].map((id, i) => [id, `n${i}`]));
  // An edge from an undeclared component still gets drawn, from a dashed placeholder.
  const missing: string[] = [];
  for (const e of t.edges) {
    for (const end of [e.from, e.to]) {
      if (!nodeOf.has(end)) {
        nodeOf.set(end, `m${missing.length}`);
        missing.push(end);
        children.push({ id: `m${missing.length - 1}`, width: Math.max(120, clip(end).length * CHAR_W + 24), height: 40 });
      }
    }
  }
  const edges: ElkExtendedEdge[] = t.edges.map((e, i) => {
    const text = clip(edgeText(e), 40);
    return {
      id: `e${i}`,
      sources: [nodeOf.get(e.from)!],
      targets: [nodeOf.get(e.to)!],
      labels: [{ text, width: text.length * LABEL_CHAR_W + 8, height: 16 }],
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.randomSeed': '1',
      'elk.edgeRouting': 'POLYLINE',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.edgeLabel': '4',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children,
    edges,
  };
  const laid = await elk.layout(root);

  const empty = children.length === 0;
  const width = empty ? 260 : Math.ceil(laid.width ?? 200);
  const height = empty ? 40 : Math.ceil(laid.height ?? 100);
  const title = `Graph of ${t.name ?? t.id}: ${t.components.length} components, ${t.edges.length} subscriptions`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="graph-title">`,
    `<title id="graph-title">${esc(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>',
  ];
  const laidEdges = laid.edges ?? [];
  t.edges.forEach((e, i) => {
    const le = laidEdges[i];
    const sec = le?.sections?.[0];
    if (!le || !sec) return;
    const pts = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map((p) => `${round(p.x)},${round(p.y)}`);
    const label = le.labels?.[0];
    out.push(
      `<g class="edge g-${esc(e.grouping)}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" data-stream="${esc(e.stream)}">` +
        `<title>${esc(`${e.from} → ${e.to}: ${edgeText(e)}${e.customClass ? ` ${e.customClass}` : ''}`)}</title>` +
        `<path d="M${pts.join('L')}" marker-end="url(#arrow)"/>` +
        (label ? `<text x="${round((label.x ?? 0) + 4)}" y="${round((label.y ?? 0) + 12)}">${esc(label.text)}</text>` : '') +
        '</g>',
    );
  });
  const laidNodes = new Map<string, ElkNode>((laid.children ?? []).map((n: ElkNode) => [n.id, n]));
  for (const [id, l] of lines) {
    const n = laidNodes.get(nodeOf.get(id)!);
    const c = t.components.find((x) => x.id === id)!;
    if (!n) continue;
    out.push(
      `<g class="node ${c.type}" data-id="${esc(id)}" data-kind="${c.type}" transform="translate(${round(n.x)},${round(n.y)})">` +
        `<title>${esc(`${c.type} ${id} ×${c.parallelism ?? '?'} ${c.className ?? ''}`)}</title>` +
        `<rect width="${round(n.width)}" height="${round(n.height)}" rx="6"/>` +
        `<text class="nid" x="10" y="18">${esc(l[0])}</text>` +
        `<text class="meta" x="10" y="34">${esc(l[1])}</text>` +
        `<text class="cls" x="10" y="49">${esc(l[2])}</text>` +
        '</g>',
    );
  }
  missing.forEach((id, i) => {
    const n = laidNodes.get(`m${i}`);
    if (!n) return;
    out.push(
      `<g class="node missing" data-id="${esc(id)}" data-kind="missing" transform="translate(${round(n.x)},${round(n.y)})">` +
        `<title>${esc(`${id}: not declared in this topology`)}</title>` +
        `<rect width="${round(n.width)}" height="${round(n.height)}" rx="6"/>` +
        `<text class="nid" x="10" y="24">${esc(clip(id))}</text></g>`,
    );
  });
  if (empty) out.push('<text x="12" y="24">No components found statically.</text>');
  out.push('</svg>');
  return out.join('\n');
}
