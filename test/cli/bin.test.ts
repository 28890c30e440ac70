// The installed entry point, as a user runs it (dist is built by `prepare`/`pretest`).
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = 'bin/storm2flink.js';

describe('bin/storm2flink.js', () => {
  it('prints help with the analyze command', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/Usage: storm2flink/);
    expect(out).toMatch(/analyze/);
  });

  it('exits 2 on a usage error without a stack trace', () => {
    const r = spawnSync(process.execPath, [BIN, 'analyze', '--format', 'nope', '.'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
