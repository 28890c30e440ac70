// Diagnostic codes of `verify` (6xx), declared in the catalog in src/model/diagnostics.ts.
import { CATALOG, diagnostic, type DiagnosticName } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/topology.js';

export type VerifyDiagnosticName = Extract<DiagnosticName, `sample-${string}`>;

export const VERIFY_CODES = Object.fromEntries(
  [...CATALOG].filter(([name]) => name.startsWith('sample-')).map(([name, e]) => [name, { code: e.code, severity: e.severity, help: e.help }]),
) as Readonly<Record<VerifyDiagnosticName, { code: string; severity: Diagnostic['severity']; help?: string }>>;

export function verifyDiagnostic(name: VerifyDiagnosticName, loc: { file: string; line?: number; column?: number }, message: string): Diagnostic {
  return diagnostic(name, loc, message);
}
