import { inflateRawSync } from 'node:zlib';

/**
 * Before a workbook is parsed, every entry of its zip is inflated once under a ceiling,
 * whatever sizes it declares: a small file that inflates to gigabytes (a zip bomb) is
 * refused having cost at most the ceiling. Zip64 is refused: a register never needs it.
 */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 128 * 1024 * 1024;
const MAX_ENTRIES = 500;

export class ZipLimitError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function endOfCentralDirectory(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) if (bytes.readUInt32LE(at) === EOCD) return at;
  throw new ZipLimitError('not a zip file (no end of central directory)');
}

/** One entry as the central directory describes it; `data` is its stored (compressed) bytes. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

/**
 * Checks the limits and answers the entries in the central directory's order. Each entry is
 * found by its central record, never by scanning local headers, so what is read is what the
 * directory lists.
 */
export function checkZipLimits(bytes: Buffer): ZipEntry[] {
  const found: ZipEntry[] = [];
  const eocd = endOfCentralDirectory(bytes);
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES) throw new ZipLimitError(`too many entries (${entries})`);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw new ZipLimitError('damaged central directory');
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const declared = bytes.readUInt32LE(at + 24);
    const crc = bytes.readUInt32LE(at + 16);
    const nameLength = bytes.readUInt16LE(at + 28);
    if (at + 46 + nameLength > bytes.length) throw new ZipLimitError('damaged central directory');
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const local = bytes.readUInt32LE(at + 42);
    if (compressed === 0xffffffff || declared === 0xffffffff || local === 0xffffffff) throw new ZipLimitError('zip64 entries are not accepted');
    if (declared > MAX_ENTRY_BYTES) throw new ZipLimitError(`an entry declares ${declared} bytes`);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) throw new ZipLimitError('damaged local header');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressed > bytes.length) throw new ZipLimitError('an entry runs past the end of the file');
    const data = bytes.subarray(start, start + compressed);
    let inflated: number;
    if (method === 0) inflated = compressed;
    else if (method === 8) {
      try {
        inflated = inflateRawSync(data, { maxOutputLength: MAX_ENTRY_BYTES }).length;
      } catch (error) {
        throw new ZipLimitError(error instanceof RangeError ? `an entry inflates past ${MAX_ENTRY_BYTES} bytes` : 'an entry does not inflate');
      }
    } else throw new ZipLimitError(`compression method ${method} is not accepted`);
    total += inflated;
    if (total > MAX_TOTAL_BYTES) throw new ZipLimitError(`the workbook inflates past ${MAX_TOTAL_BYTES} bytes`);
    found.push({ name, method, crc, size: inflated, data });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return found;
}
