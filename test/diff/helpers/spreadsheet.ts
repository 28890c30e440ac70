// An .xlsx-like file as users keep one in data/: a zip container (one deflated XML part), made at test time so no
// binary file is committed.
import * as zlib from 'node:zlib';

export function spreadsheet(): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const xml = Buffer.from(`<worksheet><sheetData>${'<row><c t="s"><v>Lyon</v></c><c><v>42</v></c></row>'.repeat(200)}</sheetData></worksheet>`);
  const data = zlib.deflateRawSync(xml);
  const crc = zlib.crc32(xml);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0
  local.writeUInt16LE(8, 8); // deflated
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(xml.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(xml.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
