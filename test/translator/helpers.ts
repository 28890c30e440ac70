// Shared by the translator suites: translate in memory, Flink/Storm classpaths from Maven Central.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Topology } from '../../src/model/topology.js';
import type { CompatArtifact, EmittedFile } from '../../src/translator/emit.js';
import { buildProject } from '../../src/translator/translate.js';
import type { FlinkLine, DeployTarget, Guarantee } from '../../src/translator/versions.js';

export const FAKE_COMPAT: CompatArtifact = { groupId: 'dev.storm2flink', artifactId: 'storm2flink-compat', version: '0.1.0-SNAPSHOT' };
/** The Storm 1.x bridge as the CLI offers it (coordinates only: no jar travels in memory-only projects). */
export const FAKE_STORM1: CompatArtifact = { groupId: 'dev.storm2flink', artifactId: 'storm2flink-storm1', version: '0.1.0-SNAPSHOT' };

export interface Opts {
  flink?: FlinkLine;
  target?: DeployTarget;
  guarantee?: Guarantee;
  cwd?: string;
  /** Offer the Storm 1.x bridge, as the CLI does (projects of storm-core 0.x/1.x code then build through it). */
  storm1?: boolean;
}

export async function project(t: Topology, folder: string, o: Opts = {}): Promise<EmittedFile[]> {
  const r = await buildProject(t, folder, {
    out: '/nonexistent',
    flink: o.flink ?? '1.20',
    target: o.target ?? 'yarn-application',
    guarantee: o.guarantee,
    cwd: o.cwd,
    compat: o.storm1 ? { ...FAKE_COMPAT, storm1: async () => FAKE_STORM1 } : FAKE_COMPAT,
  });
  return r.files;
}

/** One text with a header per file; binary or copied files by size only. */
export function snapshot(files: EmittedFile[]): string {
  return files
    .map((f) => {
      const body = 'copyFrom' in f ? '(copied)\n' : typeof f.content === 'string' ? f.content : `(binary, ${f.content.length} bytes)\n`;
      return `===== ${f.path}${'mode' in f && f.mode ? ` (mode ${f.mode.toString(8)})` : ''}\n${body}`;
    })
    .join('');
}

export function text(files: EmittedFile[], p: string): string {
  const f = files.find((x) => x.path === p || x.path.endsWith(p));
  if (!f || 'copyFrom' in f) throw new Error(`no file ${p}`);
  return String(f.content);
}

// flink-yarn/-kubernetes are not published for every patch release: the newest of the line is used
// for their option classes (options do not change within a line).
const LINES: Record<FlinkLine, { flink: string; yarn: string; prom: string }> = {
  '1.20': { flink: '1.20.5', yarn: '1.20.1', prom: '1.20.3' },
  '2.x': { flink: '2.2.1', yarn: '2.2.0', prom: '2.2.1' },
};

const CACHE = path.join(os.tmpdir(), 's2f-test-flink-cp');

/** Classpath with Flink's runtime, YARN, Kubernetes and Prometheus modules, storm-client and flux-core. */
export function flinkClasspath(line: FlinkLine): string {
  const v = LINES[line];
  const dir = path.join(CACHE, v.flink);
  const out = path.join(dir, 'cp.txt');
  if (fs.existsSync(out)) return fs.readFileSync(out, 'utf8').trim();
  fs.mkdirSync(dir, { recursive: true });
  const dep = (g: string, a: string, ver: string, excludeAll = false) =>
    `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${ver}</version>${excludeAll ? '<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>' : ''}</dependency>`;
  const deps = [
    dep('org.apache.flink', 'flink-core', v.flink),
    dep('org.apache.flink', 'flink-runtime', v.flink),
    dep('org.apache.flink', 'flink-streaming-java', v.flink),
    dep('org.apache.flink', 'flink-clients', v.flink),
    dep('org.apache.flink', 'flink-yarn', v.yarn),
    dep('org.apache.flink', 'flink-kubernetes', v.yarn),
    dep('org.apache.flink', 'flink-metrics-prometheus', v.prom),
    dep('org.apache.storm', 'storm-client', '2.8.3'),
    dep('org.apache.storm', 'flux-core', '2.4.0', true),
  ].join('\n');
  fs.writeFileSync(
    path.join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>tmp</groupId><artifactId>cp</artifactId><version>1</version><packaging>pom</packaging><dependencies>\n${deps}\n</dependencies></project>\n`,
  );
  execFileSync('mvn', ['-B', '-q', 'dependency:build-classpath', `-Dmdep.outputFile=${out}.tmp`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  fs.renameSync(`${out}.tmp`, out);
  return fs.readFileSync(out, 'utf8').trim();
}

export function hasTool(cmd: string): boolean {
  try {
    execFileSync(cmd, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
