// One measured run in a fresh process, so peak RSS belongs to that run alone.
// Usage: node bench/analyze-worker.mjs parse|analyze <dir>
import { analyzePaths } from '../dist/analyzer/analyze.js';
import { discover, readSourceFile } from '../dist/analyzer/discover.js';
import { getJavaParser } from '../dist/analyzer/java/parser.js';

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
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ mode, ms, files, bytes, topologies, maxRssMb }) + '\n');
