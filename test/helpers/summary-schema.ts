// summary.json checked against the schema shipped in schema/ (the one users validate their kept files with).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SUMMARY_SCHEMA = path.join(ROOT, 'schema/summary.schema.json');

/** The schema's complaints about a summary document: [] when it is valid. */
export function summaryErrors(doc: unknown): string[] {
  const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(fs.readFileSync(SUMMARY_SCHEMA, 'utf8')) as object);
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
