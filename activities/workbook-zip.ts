// The parts of a returned .xlsx file (a zip), found through the zip's own directory and inflated only when read,
// counting what comes out: a part stops being read the moment it yields more than the directory declares for it,
// and the directory may declare at most MAX_UNPACKED_BYTES in all. So what PAL inflates is bounded by the limit
// whatever sizes the file states, and a part PAL does not read (images, themes, a bomb beside the sheet) costs nothing.
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** A file refused whole; the message says why, for the assister. */
export class WorkbookRejected extends Error {}

export const MAX_WORKBOOK_BYTES = 20 * 1024 * 1024;
/** What the parts of a workbook may unpack to, all together: a 20,000-row report is about 10 MB of XML. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
const MAX_PARTS = 1_000;

const DAMAGED = 'The workbook cannot be read: it is damaged or not an .xlsx file';
const tooLarge = () => new WorkbookRejected(`The workbook would unpack to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
const STORED = 0;
const DEFLATED = 8;

interface Part {
  method: number;
  /** Bytes in the file, and what the directory says they unpack to. */
  compressedSize: number;
  size: number;
  localHeader: number;
}

export interface WorkbookParts {
  names(): string[];
  has(name: string): boolean;
  /** The part's bytes as they are inflated; the stream fails with WorkbookRejected past the part's declared size. */
  open(name: string): Readable;
  /** Bytes inflated so far, over every part opened. */
  inflated(): number;
  /** Stops every part still being read. */
  close(): void;
}

/** Checks the file as a whole (size, format, encryption, its directory) and gives access to its parts. */
export function workbookParts(zip: Buffer): WorkbookParts {
  if (zip.length > MAX_WORKBOOK_BYTES) throw new WorkbookRejected(`The file is larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB`);
  if (zip.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw new WorkbookRejected('The workbook is encrypted or in the old .xls format: save it as an .xlsx workbook without a password');
  if (!zip.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) throw new WorkbookRejected('The file is not an .xlsx workbook');
  const parts = directory(zip);
  let inflated = 0;
  const opened: Readable[] = [];
  return {
    names: () => [...parts.keys()],
    has: (name) => parts.has(name),
    inflated: () => inflated,
    open(name) {
      const part = parts.get(name);
      if (!part) throw new WorkbookRejected(DAMAGED);
      const stream = Readable.from(inflate(zip, part, (n) => (inflated += n)));
      opened.push(stream);
      return stream;
    },
    close: () => opened.forEach((s) => s.destroy()),
  };
}

/** The zip's central directory: every part by name, checked against the limits before anything is inflated. */
function directory(zip: Buffer): Map<string, Part> {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) throw new WorkbookRejected(DAMAGED);
  const count = zip.readUInt16LE(end + 10);
  if (count > MAX_PARTS) throw new WorkbookRejected(`The workbook has more than ${MAX_PARTS.toLocaleString('en-US')} parts: it is not a report`);
  const parts = new Map<string, Part>();
  let declared = 0;
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new WorkbookRejected(DAMAGED);
    const flags = zip.readUInt16LE(at + 8);
    const part = { method: zip.readUInt16LE(at + 10), compressedSize: zip.readUInt32LE(at + 20), size: zip.readUInt32LE(at + 24), localHeader: zip.readUInt32LE(at + 42) };
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (flags & 1) throw new WorkbookRejected('The workbook is encrypted: save it as an .xlsx workbook without a password');
    // Zip64 sizes: no report needs them.
    if (part.size === 0xffffffff || part.compressedSize === 0xffffffff) throw tooLarge();
    declared += part.size;
    if (declared > MAX_UNPACKED_BYTES) throw tooLarge();
    if ((part.method !== STORED && part.method !== DEFLATED) || parts.has(name)) throw new WorkbookRejected(DAMAGED);
    parts.set(name, part);
  }
  return parts;
}

/** The part's bytes, inflated as they are read; never more than the part declares. */
async function* inflate(zip: Buffer, part: Part, count: (bytes: number) => void): AsyncGenerator<Buffer> {
  const at = part.localHeader;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw new WorkbookRejected(DAMAGED);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  if (start + part.compressedSize > zip.length) throw new WorkbookRejected(DAMAGED);
  const data = zip.subarray(start, start + part.compressedSize);
  let size = 0;
  // zlib inflates as the chunks are taken (16 KB at a time), so stopping here stops the inflating.
  for await (const chunk of part.method === STORED ? [data] : createInflateRaw().end(data)) {
    size += (chunk as Buffer).length;
    count((chunk as Buffer).length);
    if (size > part.size)
      throw new WorkbookRejected('The workbook unpacks to more than its own directory says (a zip bomb, or a damaged file)');
    yield chunk as Buffer;
  }
  if (size !== part.size) throw new WorkbookRejected(DAMAGED);
}
