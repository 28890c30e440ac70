// `storm2flink translate`: registered here, implemented in src/translator.
import type { Command } from 'commander';
import type { CliIo } from './io.js';

export function registerTranslate(_program: Command, _io: CliIo): void {
  // Not available yet: the translator registers its command here.
}
