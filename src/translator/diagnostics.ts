// Translator diagnostics (S2F4xx). They belong in the catalog of src/model/diagnostics.ts;
// kept here until the catalog owner adds them, with the same shape and codes.
import type { Diagnostic, Severity } from '../model/topology.js';

const entries = {
  'topology-blocked': { code: 'S2F401', severity: 'error', help: 'The topology has blocker diagnostics; it was not translated. See the blockers above for the manual rewrite.' },
  'output-escapes': { code: 'S2F402', severity: 'error', help: 'A generated path resolved outside --out; nothing was written for this topology.' },
  'entry-not-found': { code: 'S2F403', severity: 'warning', help: 'The generated job cannot call the code that builds the topology; complete buildTopology() in the generated main class.' },
  'submit-not-redirected': { code: 'S2F404', severity: 'warning', help: 'The main method submits through something other than StormSubmitter (LocalCluster?); call the builder code from the generated main instead.' },
  'dynamic-config': { code: 'S2F405', severity: 'info', help: 'The Storm config value is computed at run time; the Flink setting derived from it uses the Storm default. Check it in MIGRATION.md.' },
  'compat-jar-missing': { code: 'S2F406', severity: 'warning', help: 'Build the compat runtime (src/compat, mvn install) or pass --compat-jar; the project then needs it in a Maven repository it can reach.' },
  'import-rewrite': { code: 'S2F407', severity: 'info', help: 'backtype.storm names were rewritten to org.apache.storm in the copied sources; the list is in MIGRATION.md.' },
  'write-failed': { code: 'S2F408', severity: 'error', help: 'The output folder could not be written.' },
  'no-sources': { code: 'S2F409', severity: 'warning', help: 'None of the topology sources could be read; the project has no user code. Add a dependency on your topology artifact to pom.xml.' },
} as const satisfies Record<string, { code: string; severity: Severity; help: string }>;

export type TranslatorDiagnosticName = keyof typeof entries;

export function translatorDiagnostic(
  name: TranslatorDiagnosticName,
  loc: { file: string; line?: number; column?: number },
  message: string,
): Diagnostic {
  const e = entries[name];
  return { code: e.code, severity: e.severity, message, file: loc.file, line: loc.line ?? 0, column: loc.column ?? 0, help: e.help };
}
