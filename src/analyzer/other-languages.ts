// Storm topologies written in another JVM language (Kotlin, Scala, Groovy, Clojure). They are not read, but
// the user is told where one is: otherwise "no Storm topology found" is all they would see.
// A text scan, not a parse: comments and strings blanked, then Storm's package and a builder named.
import { diagnostic } from '../model/diagnostics.js';
import type { Diagnostic } from '../model/topology.js';
import type { SourceText } from './types.js';

const LANGUAGES: Record<string, string> = {
  kt: 'Kotlin',
  kts: 'Kotlin',
  scala: 'Scala',
  sc: 'Scala',
  groovy: 'Groovy',
  gvy: 'Groovy',
  clj: 'Clojure',
  cljc: 'Clojure',
};

/** The language of a JVM source file that is not Java, by extension. */
export function otherJvmLanguage(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : LANGUAGES[file.slice(dot + 1).toLowerCase()];
}

// Storm's packages (2.x, 0.9's backtype, 0.9's Trident); without one, a TopologyBuilder is Kafka Streams' or another's.
const STORM_PACKAGE = /\b(?:org\.apache\.storm|backtype\.storm|storm\.trident)\b/;
// What builds or submits a topology: Storm's builders and submitters, and Clojure's DSL (`(topology {...} {...})`).
const BUILDER_USE = /\b(?:TopologyBuilder|TridentTopology|StreamBuilder|StormSubmitter|LocalCluster)\b/g;
const CLOJURE_DSL = /\((?:topology|storm\/topology)\s/g;
// Import lines (Kotlin/Scala/Groovy `import`; Clojure's `(:import [pkg Class])`, `(pkg Class)` lists and `(ns …)`).
const IMPORT_LINE = /^\s*(?:import\b|\(:import\b|\(ns\b|[[(][a-z]\w*(?:\.\w+)+\s)/;

/** The first use of Storm's topology API in a Kotlin/Scala/Groovy/Clojure file, as a warning at its position. */
export function scanOtherLanguage(file: SourceText, language: string): Diagnostic | undefined {
  const clojure = language === 'Clojure';
  const code = blankCommentsAndStrings(file.text, clojure);
  if (!STORM_PACKAGE.test(code)) return undefined;
  let first: number | undefined;
  for (const re of clojure ? [BUILDER_USE, CLOJURE_DSL] : [BUILDER_USE]) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const lineStart = code.lastIndexOf('\n', m.index) + 1;
      const lineEnd = code.indexOf('\n', m.index);
      // An import names the class; the use is where the code builds or submits with it.
      if (IMPORT_LINE.test(code.slice(lineStart, lineEnd < 0 ? undefined : lineEnd))) continue;
      const at = m[0].startsWith('(') ? m.index + 1 : m.index;
      if (first === undefined || at < first) first = at;
      break;
    }
  }
  if (first === undefined) return undefined;
  const before = code.slice(0, first);
  const line = before.split('\n').length;
  const column = first - before.lastIndexOf('\n');
  const what = code.slice(first, first + 40).match(/^[\w/]+/)?.[0] ?? 'topology';
  return diagnostic(
    'topology-in-other-language',
    { file: file.path, line, column },
    `${language} code using Storm's ${what}: a topology built in ${language} is not analyzed or translated (Java and Flux YAML only)`,
  );
}

/** Comments and string literals replaced by spaces (line breaks kept), so positions stay exact. */
function blankCommentsAndStrings(text: string, clojure: boolean): string {
  const re = clojure ? /;[^\n]*|"(?:[^"\\]|\\.)*"/g : /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g;
  return text.replace(re, (m) => m.replace(/[^\n]/g, ' '));
}
