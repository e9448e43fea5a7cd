import { z } from 'zod';

/**
 * Field builders shared by every survey schema. A schema is built in one of two
 * modes: `draft` (what autosave accepts: every field optional, types and sizes
 * checked so nothing absurd is stored) and `complete` (what completion demands:
 * required fields present, numbers within their real ranges).
 */
export type Mode = 'draft' | 'complete';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.badDate');

export function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export const realDate = () => IsoDate.refine(isRealDate, 'validation.badDate');

/** Required text in complete mode; optional (but bounded) in drafts. */
export function requiredText(mode: Mode, max: number) {
  return mode === 'draft' ? z.string().max(max).optional() : z.string().trim().min(1).max(max);
}

export function optionalText(max: number) {
  return z.string().max(max).optional();
}

/** A number with its real range; drafts accept any finite value of a sane size so a half-typed figure is never lost. */
export function amount(mode: Mode, min: number, max: number, options: { int?: boolean; required?: boolean } = {}) {
  let strict = z.number().min(min).max(max);
  if (options.int) strict = strict.int();
  if (mode === 'draft') return z.number().finite().min(-1e12).max(1e12).nullable().optional();
  return options.required ? strict : strict.nullable().optional();
}

export function requiredChoice<T extends readonly [string, ...string[]]>(mode: Mode, values: T) {
  return mode === 'draft' ? z.enum(values).optional() : z.enum(values);
}

export function list<T extends z.ZodType>(mode: Mode, item: T, max: number, minWhenComplete = 0) {
  return mode === 'draft' ? z.array(item).max(max).optional() : z.array(item).min(minWhenComplete).max(max);
}

/** A date that may be left out, in either mode. */
export function optionalDate(mode: Mode) {
  return mode === 'draft' ? IsoDate.optional() : realDate().optional();
}

export function date(mode: Mode, required: boolean) {
  if (mode === 'draft') return IsoDate.optional();
  return required ? realDate() : realDate().optional();
}

export const ClientId = z.string().regex(/^[0-9a-f-]{36}$/, 'validation.badFormat');
