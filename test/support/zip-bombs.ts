// Workbooks that would unpack to far more than they are: the same parts as a real workbook with one part swapped
// or padded with spaces (valid XML either way), declaring whatever size the test says. Cheap to build whatever the
// padding: a mebibyte of spaces deflates to about a kilobyte, repeated.
import { buffer } from 'node:stream/consumers';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { workbookParts } from '../../activities/workbook-zip';
import { REPORT_COLUMNS } from '../../domain/report-rows';

const MiB = 1024 * 1024;
const flush = { finishFlush: constants.Z_SYNC_FLUSH };
const spacesMiB = deflateRawSync(Buffer.alloc(MiB, 0x20), flush);

interface Entry {
  name: string;
  deflated: Buffer;
  /** The size the zip says it unpacks to. */
  declared: number;
  crc: number;
}

/** A little-endian record of `length` bytes holding the given [offset, width, value] fields. */
function record(length: number, fields: [number, 2 | 4, number][]): Buffer {
  const b = Buffer.alloc(length);
  for (const [at, width, value] of fields) if (width === 2) b.writeUInt16LE(value, at);
  else b.writeUInt32LE(value, at);
  return b;
}

/** A zip of deflated entries, with the sizes each declares. */
export function zipOf(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, 8], [14, 4, e.crc], [18, 4, e.deflated.length], [22, 4, e.declared], [26, 2, name.length]]);
    const central = record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [10, 2, 8], [16, 4, e.crc], [20, 4, e.deflated.length], [24, 4, e.declared], [28, 2, name.length], [42, 4, offset]]);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, entries.length], [10, 2, entries.length], [12, 4, directory.length], [16, 4, offset]]);
  return Buffer.concat([...locals, directory, end]);
}

const entry = (name: string, content: Buffer): Entry => ({ name, deflated: deflateRawSync(content), declared: content.length, crc: crc32(content) });

/** A zip holding one part of `mebibytes` of spaces that says so: about a thousandth of that, unpacking to all of it. */
export const zipBomb = (mebibytes: number, name = 'xl/worksheets/sheet1.xml'): Buffer =>
  zipOf([{ name, deflated: Buffer.concat([...Array<Buffer>(mebibytes).fill(spacesMiB), deflateRawSync(Buffer.alloc(0))]), declared: mebibytes * MiB, crc: 0 }]);

/** The parts of a workbook, unpacked. */
export async function partsOf(workbook: Buffer): Promise<Map<string, Buffer>> {
  const parts = workbookParts(workbook);
  return new Map(await Promise.all(parts.names().map(async (name) => [name, await buffer(parts.open(name))] as const)));
}

/** The Report sheet's part in a workbook PAL wrote (Instructions is sheet1). */
export const REPORT_PART = 'xl/worksheets/sheet2.xml';

/**
 * The workbook with its parts replaced as `changes` says: new content, or `paddingMiB` mebibytes of spaces after the
 * first `after` in the part; `declared` is the size the zip states for that part (default: the truth).
 */
export async function rezipped(workbook: Buffer, changes: Record<string, { content?: Buffer; after?: string; paddingMiB?: number; declared?: number }>): Promise<Buffer> {
  const parts = await partsOf(workbook);
  for (const name of Object.keys(changes)) if (!parts.has(name)) parts.set(name, Buffer.alloc(0));
  return zipOf(
    [...parts].map(([name, original]) => {
      const change = changes[name];
      if (!change) return entry(name, original);
      const content = change.content ?? original;
      if (!change.paddingMiB) return { ...entry(name, content), declared: change.declared ?? content.length };
      const at = content.indexOf(change.after!) + change.after!.length;
      const deflated = Buffer.concat([deflateRawSync(content.subarray(0, at), flush), ...Array<Buffer>(change.paddingMiB).fill(spacesMiB), deflateRawSync(content.subarray(at))]);
      return { name, deflated, declared: change.declared ?? content.length + change.paddingMiB * MiB, crc: 0 };
    }),
  );
}

const column = (i: number) => String.fromCharCode(65 + i);
const inline = (text: string, ref: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A Report sheet's XML with the report's header in row 1 (unless `header` is false) and these rows of text cells. */
export function reportSheetXml(rows: readonly (readonly string[])[], header = true): Buffer {
  const row = (cells: readonly string[], r: number) => `<row r="${r}">${cells.map((text, i) => (text ? inline(text, `${column(i)}${r}`) : '')).join('')}</row>`;
  const body = [...(header ? [row(Object.values(REPORT_COLUMNS), 1)] : []), ...rows.map((cells, i) => row(cells, i + 2))].join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`);
}
