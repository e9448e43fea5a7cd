import { COUNTIES } from '../../../shared/domain/divisions';
import { useAccount } from '../stores/account';

/**
 * The counties to offer in a filter or a firm's county: the signed-in account's own (a
 * two-county supervisor sees two, not eight), or all of them for the city or nobody signed in.
 */
export function useCountyOptions(lang: 'zh' | 'en'): { value: string; label: string }[] {
  const scope = useAccount((s) => s.status?.account?.countyScope ?? null);
  return COUNTIES.filter((c) => scope === null || scope.includes(c.code)).map((c) => ({ value: c.code, label: c[lang] }));
}
