// verify on a project whose data/ holds a spreadsheet kept there for other uses (chenjinxin1124/storm): the file is
// not replayed as lines; with no text file left, the spouts are captured, and a diagnostic names the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { verifyPath } from '../../src/cli/verify-path.js';
import { tempDir } from '../helpers/tmp.js';
import { spreadsheet } from './helpers/spreadsheet.js';

test('a data/ holding only a spreadsheet: captured input, S2F611 naming it, equivalent', async () => {
  const dir = path.join(tempDir('s2f-binary-data-'), 'sales');
  fs.cpSync(path.join(import.meta.dirname, 'fixtures', 'binary-data'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'sales-2021.xlsx'), spreadsheet());
  const env = { ...process.env, S2F_CACHE_DIR: tempDir('s2f-binary-data-cache-') };
  const r = await verifyPath({ topology: dir, cwd: dir, env });
  expect(r.reason ?? null).toBeNull();
  expect(r.status).toBe('equivalent');
  expect(r.input?.kind).toBe('captured');
  expect(r.diagnostics.filter((d) => d.code === 'S2F611').map((d) => `${d.severity} ${d.file}: ${d.message}`)).toEqual([
    'info data: a file in data is not text and not read as sample data: sales-2021.xlsx (a NUL byte at offset 5)',
  ]);
  expect(r.diagnostics.filter((d) => d.code === 'S2F607')).toEqual([]);
}, 900_000);
