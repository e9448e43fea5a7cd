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
 * when none of the ranges falls inside the file (416).
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
  return ranges.length > 0 ? ranges : 'unsatisfiable';
}
