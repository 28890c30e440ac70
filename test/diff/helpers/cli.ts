// `storm2flink verify` through commander, its output captured: what the verify CLI tests share.
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { registerVerify } from '../../../src/cli/verify.js';

export async function verifyCli(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  stderr.resume();
  let code = 0;
  const program = new Command().exitOverride();
  registerVerify(program, { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream, setExitCode: (c) => (code = c) });
  await program.parseAsync(['node', 'storm2flink', 'verify', ...args]);
  return { code, out };
}
