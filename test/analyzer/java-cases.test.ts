// The Java analyzer by case: test/golden/java-cases/<case>/input/ holds small Java sources of our own in a shape
// real topologies use (main, constructors, ConfigurableTopology, base classes, helpers, Kafka, Storm 0.9 and 1.x…);
// analysis.json beside it is the reviewed analysis of that folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Analysis } from '../../src/model/topology.js';
import { expectGolden, orphanedCases } from '../helpers/golden.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CASES = path.join(ROOT, 'test/golden/java-cases');

const cases = fs
  .readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(CASES, d.name, 'input')))
  .map((d) => d.name)
  .sort();

const validate = new Ajv({ strict: true, allErrors: true }).compile<Analysis>(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/topology-model.schema.json'), 'utf8')),
);

describe('Java analyzer cases', () => {
  it('has the cases and no folder without its input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(orphanedCases(CASES, cases)).toEqual([]);
  });

  for (const name of cases) {
    it(`${name}: matches the reviewed analysis and the shipped schema`, async () => {
      const a = await analyzePaths(['.'], { cwd: path.join(CASES, name, 'input'), env: {} });
      expect(validate(a), JSON.stringify(validate.errors)).toBe(true);
      expectGolden(path.join(CASES, name, 'analysis.json'), JSON.stringify(a, null, 2) + '\n');
    });
  }
});
