// Analyzer JSON for every sample, reviewed and kept under test/golden/analyze/<sample>/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Analysis } from '../../src/model/topology.js';
import { expectGolden, orphanedCases, updating } from '../helpers/golden.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = path.join(ROOT, 'samples');
const GOLDEN = path.join(ROOT, 'test/golden/analyze');

const samples = fs.existsSync(SAMPLES)
  ? fs
      .readdirSync(SAMPLES, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(SAMPLES, d.name, 'pom.xml')))
      .map((d) => d.name)
      .sort()
  : [];

const validate = new Ajv({ strict: true, allErrors: true }).compile<Analysis>(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/topology-model.schema.json'), 'utf8')),
);

async function analyzeSample(name: string): Promise<Analysis> {
  return analyzePaths([path.join('samples', name)], { cwd: ROOT, env: {}, filterFile: filterFor(name) });
}

function filterFor(name: string): string | undefined {
  const dir = path.join(SAMPLES, name);
  const props = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.properties') && f.includes('flux'));
  return props ? path.join('samples', name, props) : undefined;
}

describe('analyzer golden output per sample', () => {
  it('has samples to check', () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
  });

  it('has no orphaned golden cases', () => {
    if (updating) for (const o of orphanedCases(GOLDEN, samples)) fs.rmSync(path.join(GOLDEN, o), { recursive: true });
    expect(orphanedCases(GOLDEN, samples)).toEqual([]);
  });

  for (const name of samples) {
    describe(name, () => {
      it('matches the reviewed analysis', async () => {
        const a = await analyzeSample(name);
        expectGolden(path.join(GOLDEN, name, 'analysis.json'), JSON.stringify(a, null, 2) + '\n');
      });

      it('is valid against the shipped schema, round-trips through JSON and is deterministic', async () => {
        const a = await analyzeSample(name);
        const ok = validate(a);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
        const again = await analyzeSample(name);
        expect(JSON.stringify(again)).toBe(JSON.stringify(a));
        expect(a.topologies.length).toBeGreaterThan(0);
      });
    });
  }
});
