/**
 * HTTP range requests (RFC 9110 §14): electron-updater downloads an update in pieces —
 * the blocks that changed, up to 1,000 ranges per request, answered as
 * multipart/byteranges with the parts in the order asked (it does not accept merged or
 * reordered parts) — and a dropped download resumes with `bytes=N-`.
 */
export interface ByteRange {
  start: number;
  /** inclusive */
  end: number;
}

export const MAX_RANGES = 1000;

/**
 * The satisfiable ranges of a Range header; null when the header is not a byte-range
 * request we honour (then the whole file is sent, as RFC 9110 allows); 'unsatisfiable'
 * (416) when none of the ranges falls inside the file, or when they overlap or are out of
 * order — so the bytes of an answer never exceed the file's size.
 */
export function parseRanges(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return null;
  const specs = match[1]!.split(',');
  if (specs.length > MAX_RANGES) return null;
  const ranges: ByteRange[] = [];
  for (const raw of specs) {
    const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(raw);
    if (!spec || (spec[1] === '' && spec[2] === '')) return null;
    if (spec[1] === '') {
      const suffix = Number(spec[2]);
      if (suffix > 0 && size > 0) ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(spec[1]);
    const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
    if (spec[2] !== '' && Number(spec[2]) < start) return null; // syntactically invalid: ignore the header
    if (start < size) ranges.push({ start, end });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  // Ranges out of order or overlapping are refused, never merged or reordered: electron-updater
  // asks in file order and rejects parts it did not ask for, and a request cannot then make the
  // server send more bytes than the file holds (`bytes=0-,0-,…` asked 1,000 copies of it).
  for (let i = 1; i < ranges.length; i++) if (ranges[i]!.start <= ranges[i - 1]!.end) return 'unsatisfiable';
  return ranges;
}
