// Translator diagnostics (S2F4xx), declared in the catalog of src/model/diagnostics.ts.
import { diagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/topology.js';

const NAMES = {
  'topology-blocked': 'topology-blocked',
  'output-escapes': 'output-escapes',
  'entry-not-found': 'entry-not-found',
  'submit-not-redirected': 'submit-not-redirected',
  'dynamic-config': 'dynamic-config',
  'compat-jar-missing': 'compat-jar-missing',
  'import-rewrite': 'import-rewrite',
  'write-failed': 'write-failed',
  'no-sources': 'no-sources',
  'legacy-kafka-spout': 'legacy-kafka-spout',
  'compat-jar-stale': 'compat-jar-stale',
  'pom-model-unavailable': 'pom-model-unavailable',
  'kafka-bolt-transactional': 'kafka-bolt-transactional',
} as const;

export type TranslatorDiagnosticName = keyof typeof NAMES;

export function translatorDiagnostic(
  name: TranslatorDiagnosticName,
  loc: { file: string; line?: number; column?: number },
  message: string,
): Diagnostic {
  return diagnostic(NAMES[name], loc, message);
}
