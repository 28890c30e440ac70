// `storm2flink migrate`: registered here, implemented in src/batch and src/report.
import type { Command } from 'commander';
import type { CliIo } from './io.js';

export function registerMigrate(_program: Command, _io: CliIo): void {
  // Not available yet: the batch runner registers its command here.
}
