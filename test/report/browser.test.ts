// The report page in real headless Chromium: from file:// and from a static server, offline.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeFn } from '../../src/batch/run.js';
import { migrate } from '../../src/cli/migrate.js';
import type { Stage } from '../../src/batch/types.js';
import type { Topology } from '../../src/model/topology.js';
import { analysisOf, topology } from '../batch/helpers.js';
import { ARTIFACTS, launchChromium } from './browser.js';

let dir: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-browser-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a page and records every request and every console error, CSP reports included. */
async function open(url: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return { page, requests, problems };
}

const translate: Stage = {
  name: 'translate',
  async run(ctx) {
    fs.writeFileSync(path.join(ctx.outDir, 'pom.xml'), '<project/>\n');
    return {
      status: 'ok',
      files: ['pom.xml'],
      translation: {
        guarantee: { after: 'at-least-once', because: 'checkpoints every 10 s' },
        flinkResources: { taskManagers: 2, slotsPerTaskManager: 2, taskHeapMb: 1024 },
        configMapping: [
          {
            stormKey: 'topology.workers',
            stormValue: '2',
            flinkKey: 'taskmanager.numberOfTaskSlots',
            flinkValue: '2',
            origin: 'storm-config',
            because: 'workers × slots',
          },
        ],
      },
    };
  },
};

function models(): Topology[] {
  return [
    topology({ id: 'word-count', spouts: ['sentences'], bolts: ['split', 'count', 'report'], topics: ['sentences-in'] }),
    topology({
      id: 'multi-stream',
      spouts: ['events', 'clock'],
      bolts: ['router', 'errors', 'ok'],
      edges: [
        ['events', 'router', 'shuffle'],
        ['clock', 'router', 'all'],
        ['router', 'errors', 'global', 'errors'],
        ['router', 'ok', 'fields', 'default'],
      ],
      tick: 30,
    }),
    topology({ id: 'trident-legacy', blocked: true }),
    topology({ id: 'hostile', name: `<script>alert(1)</script>`, spouts: [`"><img src=x onerror=alert(2)>`], bolts: ['b'] }),
  ];
}

async function checkReport(indexUrl: string, expected: Topology[], shot: string) {
  const { page, requests, problems } = await open(indexUrl);
  const names = expected.map((t) => t.name ?? t.id);

  // Overview: every topology, nothing from the network, no CSP or script error.
  const rows = page.locator('#topologies tbody tr');
  await expect.poll(() => rows.count()).toBe(expected.length);
  const linkTexts = await page.locator('#topologies tbody tr td:first-child a').allTextContents();
  expect([...linkTexts].sort()).toEqual([...names].sort());
  await page.screenshot({ path: path.join(ARTIFACTS, `${shot}-overview.png`), fullPage: true });

  // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

  // Filtering by text and by readiness.
  const first = expected[0]!;
  await page.fill('#q', first.id);
  expect(await page.locator('#topologies tbody tr:visible').count()).toBe(
    expected.filter((t) => t.id.includes(first.id) || (t.name ?? '').includes(first.id)).length,
  );
  await expect.poll(() => page.locator('#shown').textContent()).toMatch(/^\d+ of \d+ topologies shown$/);
  await page.fill('#q', '');
  const blocked = expected.filter((t) => t.blocked).length;
  await page.selectOption('#f-readiness', 'blocked');
  expect(await page.locator('#topologies tbody tr:visible').count()).toBe(blocked);
  await page.selectOption('#f-readiness', '');
  expect(await page.locator('#topologies tbody tr:visible').count()).toBe(expected.length);

  // Sorting by a numeric column.
  await page.click('#topologies thead th:nth-child(3) button');
  expect(await page.getAttribute('#topologies thead th:nth-child(3)', 'aria-sort')).toBe('ascending');
  const counts = await page.locator('#topologies tbody tr td:nth-child(3)').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
  expect(counts).toEqual([...counts].sort((a, b) => a - b));

  // Each topology page: one node per component, one edge per subscription.
  for (const t of expected) {
    await page.click(`#topologies tbody tr td:first-child a >> text="${(t.name ?? t.id).replace(/"/g, '\\"')}"`);
    await page.waitForSelector('svg.graph', { state: 'attached' });
    expect(await page.locator('h1').textContent()).toContain(t.name ?? t.id);
    expect(await page.locator('svg.graph g.node[data-kind="spout"], svg.graph g.node[data-kind="bolt"]').count()).toBe(t.components.length);
    expect(await page.locator('svg.graph g.edge').count()).toBe(t.edges.length);
    const ids = await page
      .locator('svg.graph g.node[data-kind="spout"], svg.graph g.node[data-kind="bolt"]')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')));
    expect(ids.sort()).toEqual(t.components.map((c) => c.id).sort());
    if (t === expected[0]) await page.screenshot({ path: path.join(ARTIFACTS, `${shot}-topology.png`), fullPage: true });
    await page.goBack();
  }
  await page.close();
  const scheme = new URL(indexUrl).protocol;
  expect(requests.filter((u) => !u.startsWith(scheme) || (scheme === 'http:' && !u.startsWith(new URL(indexUrl).origin)))).toEqual([]);
  expect(problems).toEqual([]);
}

describe('report page in Chromium', () => {
  it('works from file:// with hand-made models (filter, sort, pages, graph, offline, no CSP errors)', async () => {
    const out = path.join(dir, 'hand');
    const ms = models();
    await migrate({ paths: [], out, cwd: dir, analyze: async () => analysisOf(ms), stages: [translate], toolVersion: 't' });
    await checkReport(pathToFileURL(path.join(out, 'report', 'index.html')).href, ms, 'hand-made');
  }, 120_000);

  it('works from a static web server', async () => {
    const out = path.join(dir, 'served');
    const ms = models();
    await migrate({ paths: [], out, cwd: dir, analyze: async () => analysisOf(ms), toolVersion: 't' });
    const server = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = path.join(out, rel);
      if (!file.startsWith(out) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream' }).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      await checkReport(`http://127.0.0.1:${port}/report/index.html`, ms, 'served');
    } finally {
      server.close();
    }
  }, 120_000);

  // The samples and the real analyzer land in parallel; this runs as soon as both exist.
  const samples = path.resolve(import.meta.dirname, '../../samples');
  const analyzer = path.resolve(import.meta.dirname, '../../src/analyzer/java/index.ts');
  const ready = fs.existsSync(analyzer) && fs.existsSync(samples) && fs.readdirSync(samples).length > 0;
  it.skipIf(!ready)(
    'renders the report for samples/ with the real analyzer',
    async () => {
      const out = path.join(dir, 'samples');
      const { analyzePaths } = await import('../../src/analyzer/analyze.js');
      const analyze: AnalyzeFn = (paths, o) => analyzePaths(paths, { cwd: o.cwd, filterFile: o.filterFile });
      const r = await migrate({ paths: [samples], out, cwd: path.dirname(samples), analyze, toolVersion: 't' });
      const analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8')) as { topologies: Topology[] };
      expect(analysis.topologies.length).toBeGreaterThanOrEqual(fs.readdirSync(samples).filter((d) => fs.statSync(path.join(samples, d)).isDirectory()).length);
      expect(r.summary.counts.analyzed).toBe(analysis.topologies.length);
      await checkReport(pathToFileURL(path.join(out, 'report', 'index.html')).href, analysis.topologies, 'samples');
    },
    180_000,
  );
});
