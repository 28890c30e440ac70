// Diagnostic codes of `verify` (6xx). Same shape as the catalog in src/model/diagnostics.ts, where these
// entries belong; they live here until the lead merges them, so verify owns no edit outside src/diff.
import type { Diagnostic, Severity } from '../model/topology.js';

interface VerifyEntry {
  code: string;
  severity: Severity;
  help?: string;
}

const entries = {
  'sample-not-found': { code: 'S2F601', severity: 'error', help: 'Pass existing files with --data, or put them in the topology folder\'s data/.' },
  'sample-json-syntax': { code: 'S2F602', severity: 'error', help: 'JSON lines: one JSON value per line (an object, array, string or number).' },
  'sample-csv-syntax': { code: 'S2F603', severity: 'error', help: 'CSV: a header row, then rows with as many columns; quote fields that contain commas, quotes or line breaks ("a ""b"" c").' },
  'sample-bad-timestamp': { code: 'S2F604', severity: 'error', help: 'A timestamp is epoch milliseconds (a whole number) or an ISO-8601 date-time such as 2024-05-01T12:00:00Z.' },
  'sample-bad-key': { code: 'S2F605', severity: 'error', help: 'A key is a string, a number or null.' },
  'sample-no-target': { code: 'S2F606', severity: 'error', help: 'Name the file after its topic or spout id (orders.jsonl feeds topic or spout "orders"), or give each JSON record a "topic".' },
  'sample-fields-mismatch': { code: 'S2F607', severity: 'error', help: 'A record replayed by a replay spout must provide every output field the spout declares (JSON object keys, CSV header columns, or a JSON array of the same length).' },
  'sample-empty': { code: 'S2F608', severity: 'warning', help: 'The sample file holds no record.' },
  'sample-unknown-topic': { code: 'S2F609', severity: 'error', help: 'The record names a topic that no Kafka spout of the topology reads.' },
} as const satisfies Record<string, VerifyEntry>;

export type VerifyDiagnosticName = keyof typeof entries;

export const VERIFY_CODES: Readonly<Record<VerifyDiagnosticName, VerifyEntry>> = entries;

export function verifyDiagnostic(name: VerifyDiagnosticName, loc: { file: string; line?: number; column?: number }, message: string): Diagnostic {
  const e: VerifyEntry = entries[name];
  const d: Diagnostic = { code: e.code, severity: e.severity, message, file: loc.file, line: loc.line ?? 0, column: loc.column ?? 0 };
  if (e.help) d.help = e.help;
  return d;
}
