import * as fs from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CATALOG_BY_CODE } from '../../src/model/diagnostics.js';
import { AnalysisSchema } from '../../src/model/topology.js';

const SHIPPED = 'schema/topology-model.schema.json';

describe('topology model schema', () => {
  it('the shipped JSON schema is the one declared in src/model (UPDATE_GOLDEN=1 rewrites it)', () => {
    const generated = JSON.stringify(AnalysisSchema, null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(SHIPPED, generated);
    expect(fs.readFileSync(SHIPPED, 'utf8')).toBe(generated);
  });

  it('compiles under Ajv strict mode and rejects a wrong document', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SHIPPED, 'utf8')));
    expect(validate({ version: 1, topologies: [], diagnostics: [] })).toBe(true);
    expect(validate({ version: 2, topologies: [], diagnostics: [] })).toBe(false);
    const badEdge = {
      version: 1,
      diagnostics: [],
      topologies: [
        {
          id: 't',
          name: null,
          kind: 'java',
          namespace: 'org.apache.storm',
          source: { file: 'A.java', line: 1, column: 1 },
          files: [],
          components: [],
          config: {},
          blocked: false,
          diagnostics: [],
          edges: [{ from: 'a', to: 'b', stream: 'default', grouping: 'round-robin' }],
        },
      ],
    };
    expect(validate(badEdge)).toBe(false);
  });

  it('every catalog code is unique and well formed', () => {
    for (const [code, entry] of CATALOG_BY_CODE) {
      expect(code).toMatch(/^S2F\d{3}$/);
      expect(entry.name).toMatch(/^[a-z0-9-]+$/);
    }
    const names = [...CATALOG_BY_CODE.values()].map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
