import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/cli/migrate.js';
import { graphSvg } from '../../src/report/html/graph.js';
import { esc, hrefPath } from '../../src/report/html/escape.js';
import { analysisOf, topology } from '../batch/helpers.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-report-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const HOSTILE = `<script>alert(1)</script>"'&<img src=x onerror=alert(2)>`;

function sha(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

describe('escaping', () => {
  it('escapes text, attributes and hrefs', () => {
    expect(esc(HOSTILE)).not.toMatch(/[<>"']/);
    expect(hrefPath('../a b/<x>.java', 'L3')).toBe('../a%20b/%3Cx%3E.java#L3');
  });

  it('a hostile topology, component, stream, topic and config never reach the page unescaped', async () => {
    const t = topology({
      id: 'hostile',
      name: HOSTILE,
      spouts: [HOSTILE],
      bolts: [`${HOSTILE}bolt`],
      topics: [HOSTILE],
      config: { [HOSTILE]: HOSTILE },
    });
    t.edges[0]!.stream = HOSTILE;
    t.diagnostics.push({ code: 'S2F102', severity: 'warning', message: HOSTILE, file: 'src/hostile.java', line: 1, column: 1, help: HOSTILE });
    const out = path.join(dir, 'hostile');
    await migrate({ paths: [], out, cwd: dir, analyze: async () => analysisOf([t]), toolVersion: HOSTILE });
    const index = fs.readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
    const page = fs.readFileSync(path.join(out, 'report', 't', 'hostile.html'), 'utf8');
    for (const html of [index, page]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(index.match(/<script>/g)).toHaveLength(1); // ours, allowed by hash
    expect(page).not.toContain('<script');
  });
});

describe('CSP and self-containment', () => {
  it('every page carries a strict CSP whose hashes match its inline style and script', async () => {
    const out = path.join(dir, 'csp');
    await migrate({ paths: [], out, cwd: dir, analyze: async () => analysisOf([topology({ id: 'wc' })]), toolVersion: 't' });
    for (const f of ['index.html', 't/wc.html']) {
      const html = fs.readFileSync(path.join(out, 'report', f), 'utf8');
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
      expect(csp).toContain("default-src 'none'");
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      expect(csp).toContain(`style-src ${sha(style)}`);
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
      if (script) expect(csp).toContain(`script-src ${sha(script)}`);
      else expect(csp).toContain("script-src 'none'");
      // No external resource of any kind.
      expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/style="/);
    }
  });
});

describe('graph', () => {
  it('one node per component, one edge per subscription, the same bytes every time', async () => {
    const t = topology({
      id: 'g',
      spouts: ['words', 'numbers'],
      bolts: ['split', 'count', 'sink'],
      edges: [
        ['words', 'split', 'shuffle'],
        ['numbers', 'split', 'all'],
        ['split', 'count', 'fields'],
        ['split', 'sink', 'global', 'errors'],
        ['count', 'sink', 'shuffle'],
      ],
      tick: 10,
    });
    const a = await graphSvg(t);
    const b = await graphSvg(structuredClone(t));
    expect(a).toBe(b);
    expect(a.match(/<g class="node (spout|bolt)"/g)).toHaveLength(5);
    expect(a.match(/<g class="edge /g)).toHaveLength(5);
    expect(a).toContain('fields(word) · default');
    expect(a).toContain('global · errors');
    expect(a).toContain('bolt ×2 · tick 10s');
  });

  it('draws an edge from an undeclared component from a dashed placeholder', async () => {
    const t = topology({ id: 'm', bolts: ['b'], edges: [['ghost', 'b', 'shuffle']] });
    const svg = await graphSvg(t);
    expect(svg.match(/data-kind="missing"/g)).toHaveLength(1);
    expect(svg.match(/<g class="edge /g)).toHaveLength(1);
  });
});

describe('at 300 topologies', () => {
  it('pages stay small and the DOM stays bounded', async () => {
    const topologies = Array.from({ length: 300 }, (_, i) =>
      topology({
        id: `topology-${String(i).padStart(3, '0')}`,
        spouts: ['kafka-in', 'clock'],
        bolts: Array.from({ length: 3 + (i % 8) }, (_, k) => `bolt-${k}`),
        topics: [`topic-${i}`],
        blocked: i % 17 === 0,
        tick: i % 5 === 0 ? 60 : undefined,
      }),
    );
    const out = path.join(dir, 'big');
    const t0 = performance.now();
    const r = await migrate({ paths: [], out, cwd: dir, analyze: async () => analysisOf(topologies), toolVersion: 't', jobs: 4 });
    const ms = performance.now() - t0;
    expect(r.summary.counts.topologies).toBe(300);
    const index = fs.readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
    expect(index.match(/<tr data-search/g)).toHaveLength(300);
    const elements = index.match(/<[a-z][a-z0-9]*[\s>]/g)!.length;
    expect(elements).toBeLessThan(300 * 40);
    expect(index.length).toBeLessThan(1_000_000);
    const pages = fs.readdirSync(path.join(out, 'report', 't'));
    expect(pages).toHaveLength(300);
    const biggest = Math.max(...pages.map((p) => fs.statSync(path.join(out, 'report', 't', p)).size));
    expect(biggest).toBeLessThan(120_000);
    // Figures for the record (never asserted on time: machines are noisy).
    console.log(
      `300 topologies: ${Math.round(ms)} ms, index ${Math.round(index.length / 1024)} KB, ${elements} elements, largest page ${Math.round(biggest / 1024)} KB`,
    );
  }, 120_000);
});
