/**
 * Calendar days as whole numbers (days since 1970-01-01), the unit the due list and the
 * demand deadlines count in: dates are local days written YYYY-MM-DD, never instants.
 */
const DAY_MS = 86_400_000;

export const dayNumber = (isoDate: string): number => Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS;
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;
