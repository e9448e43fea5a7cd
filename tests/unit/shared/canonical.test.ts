import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../shared/domain/canonical';
import { csvCell, csvRow } from '../../../shared/domain/csv';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { VisitId } from '../../../shared/domain/visit';

describe('canonical JSON and content hash', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('hashes with SHA-256 exactly as node:crypto does', async () => {
    const value = { 名称: '聊城', n: 3 };
    expect(await contentHash(value)).toBe(createHash('sha256').update(canonicalJson(value)).digest('hex'));
  });
});

describe('uuidv7', () => {
  it('is a valid version-7 UUID that sorts by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(VisitId.safeParse(a).success).toBe(true);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7())).size).toBe(1000);
  });
});

describe('CSV cells', () => {
  it('quotes separators and guards against formula injection', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvRow(['聊城', null, 3])).toBe('聊城,,3\r\n');
  });
});
