// Every Flink key the translator emits is a known, non-deprecated ConfigOption of the targeted
// Flink version and its value parses: checked by Flink's own classes (test/translator/java/ConfigCheck.java).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import { FLINK_LINES } from '../../src/translator/versions.js';
import { hostileTopology } from './fixtures.js';
import { flinkClasspath, hasTool, project, text } from './helpers.js';
import { tempDir } from '../helpers/tmp.js';

const CHECKER = path.join(process.cwd(), 'test', 'translator', 'java', 'ConfigCheck.java');
/** Pre-1.20 names the Kubernetes resources repeat for the operator, and the keys they repeat. */
const OPERATOR_110_NAMES = [
  ['state.checkpoints.dir', 'execution.checkpointing.dir'],
  ['state.savepoints.dir', 'execution.checkpointing.savepoint-dir'],
] as const;
const run = hasTool('javac') ? it : it.skip;

describe('emitted Flink config keys', () => {
  for (const line of FLINK_LINES) {
    run(
      `are known to Flink ${line} and parse`,
      async () => {
        const cp = flinkClasspath(line);
        const topologies = [...(await analyzePaths(['samples'])).topologies.filter((t) => !t.blocked), hostileTopology({ className: 'p.Topo', method: null })];
        const root = tempDir(`s2f-conf-${line}-`);
        const dirs: string[] = [];
        const expected = new Map<string, Record<string, string>>();
        const add = (name: string, file: string, body: string) => {
          const d = path.join(root, name);
          fs.mkdirSync(d, { recursive: true });
          fs.writeFileSync(path.join(d, file), body);
          dirs.push(d);
        };
        for (const [i, t] of topologies.entries()) {
          for (const guarantee of [undefined, 'exactly-once'] as const) {
            const yarn = await project(t, t.id, { flink: line, guarantee });
            const conf = text(yarn, 'deploy/config.yaml');
            add(`${i}-${guarantee ?? 'default'}-yaml`, 'config.yaml', conf);
            expected.set(`${i}-${guarantee ?? 'default'}-yaml`, parse(conf, { version: '1.1' }) as Record<string, string>);
            // Flink 1.20 reads flink-conf.yaml only when config.yaml is absent: checked on its own.
            if (line === '1.20') add(`${i}-${guarantee ?? 'default'}-legacy`, 'flink-conf.yaml', text(yarn, 'deploy/flink-conf.yaml'));
            const k8s = await project(t, t.id, { flink: line, target: 'kubernetes', guarantee });
            const dep = parse(text(k8s, 'deploy/flink-deployment.yaml'), { version: '1.1' }) as { spec: { flinkConfiguration: Record<string, string> } };
            // Deprecated on purpose: the names Flink Kubernetes Operator 1.10 reads (config-map.ts), the same folders.
            const k8sConf = { ...dep.spec.flinkConfiguration };
            for (const [old, now] of OPERATOR_110_NAMES)
              if (old in k8sConf) {
                expect(k8sConf[old], `${t.id} ${old}`).toBe(k8sConf[now]);
                delete k8sConf[old];
              }
            add(`${i}-${guarantee ?? 'default'}-k8s`, 'config.yaml', stringify(k8sConf, { version: '1.1' }));
          }
        }
        const classes = tempDir('s2f-configcheck-');
        execFileSync('javac', ['-nowarn', '-d', classes, '-cp', cp, CHECKER], { stdio: 'pipe' });
        let out = '';
        try {
          out = execFileSync('java', ['-cp', `${classes}:${cp}`, 'ConfigCheck', ...dirs], {
            stdio: ['ignore', 'pipe', 'ignore'],
            maxBuffer: 64 * 1024 * 1024,
          }).toString();
        } catch (e) {
          out = String((e as { stdout?: Buffer }).stdout ?? e);
        }
        const problems = out.split('\n').filter((l) => /^(UNKNOWN|DEPRECATED|BAD) /.test(l));
        expect(problems).toEqual([]);
        expect(out).toContain('OK execution.checkpointing.mode');
        expect(out).toContain('OK taskmanager.numberOfTaskSlots');
        // Strings read back by Flink equal what was written (hostile application name included).
        const names = [...expected.values()].map((c) => c['yarn.application.name']).filter(Boolean);
        for (const n of names) if (!/[\r\n]/.test(n!)) expect(out).toContain(`OK yarn.application.name ${n}`);
      },
      900_000,
    );
  }
});
