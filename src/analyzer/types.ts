// Contracts between the analyzer's parts: the file reader, the Java analyzer,
// the Flux analyzer and the multilang script reader.
import type { Diagnostic, Feature, MultilangInfo, OutputStream, SourceLocation, Topology, WindowInfo } from '../model/topology.js';

/** A text file that was read successfully (already decoded, size-checked, not binary). */
export interface SourceText {
  /** Display path: relative to the working directory when under it, with forward slashes. */
  path: string;
  absPath: string;
  text: string;
}

/** What the Java analyzer knows about a spout or bolt class from its source. */
export interface ComponentClassInfo {
  /** Fully qualified name. */
  className: string;
  kind: 'spout' | 'bolt' | 'unknown';
  features: Feature[];
  /** From declareOutputFields; empty when the class declares nothing. */
  outputStreams: OutputStream[];
  /** Component-level config from getComponentConfiguration (e.g. topology.tick.tuple.freq.secs). */
  componentConfig: Record<string, unknown>;
  /** Superclass chain and implemented interfaces, nearest first, fully qualified where resolvable. */
  superclasses: string[];
  source: SourceLocation;
  multilang?: MultilangInfo;
  window?: WindowInfo;
  /** Diagnostics about the class itself (blockers such as a Trident function are topology-level instead). */
  diagnostics: Diagnostic[];
}

export interface ClassResolver {
  /** Resolve a fully qualified or simple class name to what its source declares. */
  resolve(className: string): ComponentClassInfo | undefined;
}

export interface JavaAnalysisResult {
  /**
   * Topologies found. `id` may be left empty: the orchestrator assigns unique ids.
   * Component `config` holds component-level config only (getComponentConfiguration merged with
   * addConfiguration); the orchestrator computes the effective `tickFrequencySecs`.
   */
  topologies: Topology[];
  /** Diagnostics that belong to no topology (syntax errors in unrelated files, etc.). */
  diagnostics: Diagnostic[];
  classes: ClassResolver;
}

export interface FluxOptions {
  /** Properties from --filter, for ${prop} substitution. */
  properties: Record<string, string>;
  /** Environment, for ${ENV-NAME} substitution. */
  env: Record<string, string | undefined>;
  /** Reads an included file (file includes) through the same bounded, safe reader as the batch. */
  readFile(absPath: string): SourceText | Diagnostic;
  /** Finds a classpath resource (resource includes) among the analyzed tree's resource folders. */
  findResource(resource: string, fromFile: string): string | undefined;
  classes: ClassResolver;
}

export interface FluxAnalysisResult {
  /** False when the YAML file is not a Flux topology (then nothing else is reported). */
  isFlux: boolean;
  topology?: Topology;
  diagnostics: Diagnostic[];
}

export interface MultilangScriptResult {
  emittedFields?: string[];
  diagnostics: Diagnostic[];
}
