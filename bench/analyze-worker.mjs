// One measured run in a fresh process, so peak RSS belongs to that run alone.
// Usage: node bench/analyze-worker.mjs parse|analyze <dir>
// S2F_BENCH_DIST: another build of dist/ to measure (a path relative to the repository root, or absolute).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve(import.meta.dirname, '..', process.env.S2F_BENCH_DIST ?? 'dist');
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const { analyzePaths } = await load('analyzer/analyze.js');
const { discover, readSourceFile } = await load('analyzer/discover.js');
const { getJavaParser } = await load('analyzer/java/parser.js');

const [mode, dir] = process.argv.slice(2);
const start = process.hrtime.bigint();
let files = 0;
let bytes = 0;
let topologies = 0;
if (mode === 'parse') {
  // The reference: discover, read and parse every Java file, nothing else.
  const parser = await getJavaParser();
  for (const abs of discover([dir]).javaFiles) {
    const r = readSourceFile(abs);
    if (!r.file) continue;
    const tree = parser.parse(r.file.text);
    files++;
    bytes += Buffer.byteLength(r.file.text);
    tree?.delete();
  }
} else {
  const a = await analyzePaths([dir]);
  files = a.stats?.javaFiles ?? 0;
  topologies = a.topologies.length;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage();
const cpuMs = (cpu.user + cpu.system) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ mode, ms, cpuMs, files, bytes, topologies, maxRssMb }) + '\n');
