#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

try {
  process.exitCode = await main(process.argv);
} catch (e) {
  // User mistakes are diagnostics; reaching here is a bug in storm2flink.
  process.stderr.write(`storm2flink: internal error: ${e instanceof Error ? e.stack : String(e)}\nPlease report this.\n`);
  process.exitCode = 3;
}
