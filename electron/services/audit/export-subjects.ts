import { HandbookOptions } from '../../../shared/domain/handbook';
import type { SummaryFilter } from '../../../shared/domain/summary';
import type { ExportSubject } from './audited-export';

/** A summary or report: the county it was filtered to (null = every county on this laptop); no contacts are in them. */
export const summarySubject = (filter: SummaryFilter, detail: ExportSubject['detail'] = {}): ExportSubject => ({
  counties: filter.countyCode ? [filter.countyCode] : null,
  contacts: false,
  detail: { from: filter.from, to: filter.to, ...detail },
});

/** The handbook says whether it was made with the firms' contacts (a published one leaves them out). */
export const handbookSubject = (options: HandbookOptions | null): ExportSubject => ({
  counties: options?.countyCode ? [options.countyCode] : null,
  // A route the app cannot read back is recorded as the worse case.
  contacts: options?.withContacts ?? true,
  detail: { fullPhones: options ? options.withContacts && options.fullPhones === true : true },
});

/** The options the printable handbook page carries in its route (#/handbook/<base64url JSON>). */
export function routeOptions(route: string): HandbookOptions | null {
  try {
    const encoded = route.replace(/^#\/handbook\//, '');
    const parsed = HandbookOptions.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
