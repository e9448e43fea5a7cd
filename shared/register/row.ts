import { z } from 'zod';
import { isChinesePhone } from '../domain/phone';
import { canonicalJson } from '../domain/canonical';
import { checkCreditCode } from '../domain/credit-code';
import { COUNTIES, currentCountyCode, type CountyCode } from '../domain/divisions';
import { CHAIN_SEGMENTS, KEY_TIERS, ZJTX_LEVELS } from '../domain/firm';
import { KEY_TIER_WORDS, SEGMENT_WORDS, ZJTX_WORDS, type RegisterColumn } from './columns';

/** A firm as the register holds it (the directory's record without its id). */
export const RegisterRecord = z.object({
  creditCode: z.string(),
  name: z.string(),
  countyCode: z.string(),
  address: z.string(),
  chainSegment: z.enum(CHAIN_SEGMENTS),
  categories: z.array(z.string()),
  keyTier: z.enum(KEY_TIERS),
  zjtxLevel: z.enum(ZJTX_LEVELS),
  contacts: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string() })),
  certifications: z.array(z.object({ id: z.string(), product: z.string(), starLevel: z.number().int().min(1).max(3), certificateNo: z.string(), validUntil: z.string() })),
});
export type RegisterRecord = z.infer<typeof RegisterRecord>;

/** One finding about a row: an i18n key (register.problem.*) and the value it is about. */
export const RowFinding = z.object({ code: z.string(), value: z.string().optional() });
export type RowFinding = z.infer<typeof RowFinding>;

const finding = (code: string, value?: string): RowFinding => (value === undefined ? { code } : { code, value: value.slice(0, 100) });

/** 所属县 by code (retired ones mapped) or by name, with or without its 区/县/市 suffix; 茌平县 is 茌平区 since 2019. */
export function parseCounty(cell: string): CountyCode | null {
  const text = cell.trim().replace(/\s+/g, '');
  if (/^\d{6}$/.test(text)) return currentCountyCode(text);
  if (text === '茌平县') return '371503';
  const bare = (s: string) => s.replace(/^聊城市/, '').replace(/(区|县|市)$/, '');
  const match = COUNTIES.find((c) => c.zh === text || bare(c.zh) === bare(text) || c.en.toLowerCase() === text.toLowerCase());
  return match?.code ?? null;
}

/** A list cell: 、，,；; or new lines between items. */
export function listCell(cell: string): string[] {
  return cell
    .split(/[、，,；;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Dates as typed in spreadsheets: 2028-06-30, 2028/6/30, 2028.6.30, 2028年6月30日. */
export function parseDate(cell: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * Reads one row of the bureau's list. Errors keep the row out of the register (the
 * whole import waits until they are fixed); warnings are shown and the row goes in.
 */
export function parseRegisterRow(cells: Partial<Record<RegisterColumn, string>>): { record: RegisterRecord | null; errors: RowFinding[]; warnings: RowFinding[] } {
  const cell = (k: RegisterColumn) => (cells[k] ?? '').trim();
  const errors: RowFinding[] = [];
  const warnings: RowFinding[] = [];
  const name = cell('name');
  if (name.length < 2 || name.length > 100) errors.push(finding('register.problem.name', name));
  const creditCode = cell('creditCode').toUpperCase().replace(/\s+/g, '');
  const check = checkCreditCode(creditCode);
  if (check.kind === 'malformed') errors.push(finding('register.problem.malformedCode', creditCode));
  if (check.kind === 'checkFailed') warnings.push(finding('register.problem.checkFailed', creditCode));
  const countyCode = parseCounty(cell('county'));
  if (!countyCode) errors.push(finding('register.problem.unknownCounty', cell('county')));
  else if (check.kind !== 'malformed' && currentCountyCode(check.divisionCode) && currentCountyCode(check.divisionCode) !== countyCode) {
    warnings.push(finding('register.problem.countyDiffersFromCode', check.divisionCode));
  }
  const chainSegment = SEGMENT_WORDS[cell('segment')];
  if (!chainSegment) errors.push(finding('register.problem.segment', cell('segment')));
  const keyTier = KEY_TIER_WORDS[cell('keyTier')];
  if (!keyTier) errors.push(finding('register.problem.keyTier', cell('keyTier')));
  const zjtxLevel = ZJTX_WORDS[cell('zjtx')];
  if (!zjtxLevel) errors.push(finding('register.problem.zjtx', cell('zjtx')));
  const address = cell('address');
  if (address.length > 200) errors.push(finding('register.problem.tooLong', '地址'));

  const contact = cell('contact');
  // A phone that is no Chinese number is shown (the row still goes in: the bureau's list is what it is).
  if (cell('phone') && !isChinesePhone(cell('phone'))) warnings.push(finding('register.problem.phone', cell('phone')));
  const contacts = contact ? [{ name: contact.slice(0, 50), role: cell('contactRole').slice(0, 50), phone: cell('phone').slice(0, 30) }] : [];
  const products = listCell(cell('certProduct'));
  const stars = listCell(cell('certStars'));
  const numbers = listCell(cell('certNo'));
  const dates = listCell(cell('certValidUntil'));
  const certifications: RegisterRecord['certifications'] = [];
  if (products.length || stars.length || numbers.length || dates.length) {
    if (new Set([products.length, stars.length, numbers.length, dates.length]).size !== 1) errors.push(finding('register.problem.certColumns'));
    else
      products.forEach((product, i) => {
        const starLevel = Number(stars[i]!.replace(/[星级★]/g, ''));
        const validUntil = parseDate(dates[i]!);
        if (![1, 2, 3].includes(starLevel)) errors.push(finding('register.problem.stars', stars[i]));
        if (!validUntil) errors.push(finding('register.problem.date', dates[i]));
        certifications.push({ id: `${creditCode}:${numbers[i]}`, product: product.slice(0, 60), starLevel, certificateNo: numbers[i]!.slice(0, 60), validUntil: validUntil ?? '' });
      });
  }
  if (errors.length) return { record: null, errors, warnings };
  return {
    record: { creditCode, name, countyCode: countyCode!, address, chainSegment: chainSegment!, categories: listCell(cell('categories')).map((c) => c.slice(0, 60)).slice(0, 20), keyTier: keyTier!, zjtxLevel: zjtxLevel!, contacts, certifications },
    errors,
    warnings,
  };
}

/** The fields a re-import compares, in the order the report lists them. */
export const COMPARED_FIELDS = ['name', 'countyCode', 'address', 'chainSegment', 'categories', 'keyTier', 'zjtxLevel', 'contacts', 'certifications'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** Which register fields a file speaks for, from the columns it has (a missing column leaves its field alone). */
export function fieldsOfColumns(columns: readonly RegisterColumn[]): ComparedField[] {
  const has = (...c: RegisterColumn[]) => c.some((x) => columns.includes(x));
  return COMPARED_FIELDS.filter((f) => {
    switch (f) {
      case 'address':
        return has('address');
      case 'categories':
        return has('categories');
      case 'keyTier':
        return has('keyTier');
      case 'zjtxLevel':
        return has('zjtx');
      case 'contacts':
        return has('contact', 'contactRole', 'phone');
      case 'certifications':
        return has('certProduct', 'certStars', 'certNo', 'certValidUntil');
      default:
        return true; // name, county and segment are required columns
    }
  });
}

/** The fields whose values differ between the register's record and the file's (among those the file speaks for). */
export function changedFields(before: Partial<RegisterRecord>, after: RegisterRecord, fields: readonly ComparedField[] = COMPARED_FIELDS): ComparedField[] {
  // Certificates are compared by what they say, not by the id each side gave them.
  // Canonical JSON: the database may hand back an object's keys in another order.
  const norm = (f: ComparedField, v: unknown) =>
    canonicalJson(f === 'certifications' && Array.isArray(v) ? (v as RegisterRecord['certifications']).map(({ id: _id, ...c }) => c) : (v ?? null));
  return fields.filter((f) => norm(f, before[f]) !== norm(f, after[f]));
}
