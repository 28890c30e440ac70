// Test harness: FluxOptions backed by the fixtures folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic } from '../../../src/model/diagnostics.js';
import type { ClassResolver, ComponentClassInfo, FluxOptions, SourceText } from '../../../src/analyzer/types.js';
import { analyzeFlux } from '../../../src/analyzer/flux/index.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const CWD = path.resolve(FIXTURES, '../../../..');

export function display(abs: string): string {
  return path.relative(CWD, abs).split(path.sep).join('/');
}

export function source(name: string): SourceText {
  const absPath = path.join(FIXTURES, name);
  return { path: display(absPath), absPath, text: fs.readFileSync(absPath, 'utf8') };
}

export function fx(name: string): string {
  return display(path.join(FIXTURES, name));
}

export const noClasses: ClassResolver = { resolve: () => undefined };

export function options(over: Partial<FluxOptions> = {}): FluxOptions {
  return {
    properties: {},
    env: {},
    readFile(absPath) {
      try {
        return { path: display(absPath), absPath, text: fs.readFileSync(absPath, 'utf8') };
      } catch {
        return diagnostic('file-unreadable', { file: display(absPath) }, 'no such file');
      }
    },
    findResource(resource) {
      const abs = path.join(FIXTURES, 'resources', resource.replace(/^\/+/, ''));
      return fs.existsSync(abs) ? abs : undefined;
    },
    classes: noClasses,
    ...over,
  };
}

export function analyze(name: string, over: Partial<FluxOptions> = {}) {
  return analyzeFlux(source(name), options(over));
}

export function classInfo(partial: Partial<ComponentClassInfo> & { className: string }): ComponentClassInfo {
  return {
    kind: 'bolt',
    features: [],
    outputStreams: [],
    componentConfig: {},
    superclasses: [],
    source: { file: 'src/main/java/Example.java', line: 1, column: 1 },
    diagnostics: [],
    ...partial,
  };
}

/** Diagnostics as "code line:column" strings, the way the tests compare them. */
export function codes(ds: { code: string; line: number; column: number; file?: string }[]): string[] {
  return ds.map((d) => `${d.code} ${d.line}:${d.column}`);
}
