// Loads web-tree-sitter and the Java grammar once per process.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

let cached: Promise<Parser> | undefined;

export async function getJavaParser(): Promise<Parser> {
  if (!cached) {
    cached = (async () => {
      await Parser.init();
      const wasm = createRequire(import.meta.url).resolve('tree-sitter-java/tree-sitter-java.wasm');
      const lang = await Language.load(wasm);
      const parser = new Parser();
      parser.setLanguage(lang);
      return parser;
    })();
    // A failed load must not poison later calls.
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}
