import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const samplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../samples');

const sampleNames = readdirSync(samplesDir)
  .filter((name) => statSync(join(samplesDir, name)).isDirectory() && !name.startsWith('.'))
  .sort();

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'target') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('samples layout', () => {
  it('has at least eight samples, all listed in the aggregator pom', () => {
    expect(sampleNames.length).toBeGreaterThanOrEqual(8);
    const aggregator = readFileSync(join(samplesDir, 'pom.xml'), 'utf8');
    expect(aggregator).toContain('<packaging>pom</packaging>');
    for (const name of sampleNames) {
      expect(aggregator, `module ${name}`).toContain(`<module>${name}</module>`);
    }
  });

  describe.each(sampleNames)('%s', (name) => {
    const dir = join(samplesDir, name);

    it('has pom.xml with the samples groupId and Java 17', () => {
      const pom = readFileSync(join(dir, 'pom.xml'), 'utf8');
      expect(pom).toContain('<groupId>dev.storm2flink.samples</groupId>');
      expect(pom).toContain(`<artifactId>${name}</artifactId>`);
      expect(pom).toContain('<maven.compiler.release>17</maven.compiler.release>');
    });

    it('has a non-empty README.md', () => {
      expect(readFileSync(join(dir, 'README.md'), 'utf8').trim().length).toBeGreaterThan(0);
    });

    it('has non-empty sample data under data/, or says verify captures its input', () => {
      const files = existsSync(join(dir, 'data')) ? walk(join(dir, 'data')) : [];
      // A Streams API sample has no modeled spouts to map data onto: verify captures what its spouts emit.
      if (files.length === 0) {
        expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/verify captures/);
        return;
      }
      for (const file of files) {
        expect(statSync(file).size, file).toBeGreaterThan(0);
      }
    });

    it('has Java sources or a Flux file', () => {
      const files = walk(join(dir, 'src'));
      const topologyFiles = files.filter((f) => f.endsWith('.java') || (/[\\/]flux[\\/]/.test(f) && /\.ya?ml$/.test(f)));
      expect(topologyFiles.length).toBeGreaterThan(0);
    });
  });
});

describe('samples build', () => {
  it(
    'compiles every sample with one Maven run',
    async () => {
      await run('mvn', ['-B', '-q', '-f', join(samplesDir, 'pom.xml'), '-DskipTests', 'compile'], {
        maxBuffer: 64 * 1024 * 1024,
      });
    },
    15 * 60 * 1000,
  );
});
