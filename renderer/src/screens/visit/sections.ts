import { DIAGNOSIS_SECTIONS, type DiagnosisSection } from '../../../../shared/domain/answers';

/** Which section a field path belongs to, so errors can be counted per section. */
export function sectionOf(path: string): DiagnosisSection {
  const head = path.split('.')[0] ?? '';
  if (head === 'visitDate' || head === 'people') return 'people';
  if (head === 'recommendations') return 'conclusion';
  return (DIAGNOSIS_SECTIONS as readonly string[]).includes(head) ? (head as DiagnosisSection) : 'conclusion';
}

/** Dotted paths of every error in react-hook-form's nested error object. */
export function errorPaths(errors: object, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object' || key === 'ref') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if ('message' in value && typeof (value as { message?: unknown }).message === 'string') out.push(path);
    else out.push(...errorPaths(value as object, path));
  }
  return out;
}
