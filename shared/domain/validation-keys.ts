import type { z } from 'zod';

/**
 * Zod issues become i18n keys (`validation.*`) so the main process, the server and
 * the renderer's forms all report the same, translatable message for the same rule.
 * Custom refinements already carry a key as their message.
 */
export function issueToKey(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'validation.required' : 'validation.wrongType';
    case 'too_big':
      return issue.origin === 'string' ? 'validation.tooLong' : issue.origin === 'array' ? 'validation.tooMany' : 'validation.tooLarge';
    case 'too_small':
      // Nothing typed (or only spaces) is missing, not short.
      if (issue.origin === 'string' && (issue.minimum === 1 || issue.input === '')) return 'validation.required';
      return issue.origin === 'string' ? 'validation.tooShort' : issue.origin === 'array' ? 'validation.tooFew' : 'validation.tooSmall';
    case 'unrecognized_keys':
      return 'validation.unknownField';
    case 'invalid_value':
      // A choice left empty is missing, not wrong.
      return issue.input === undefined || issue.input === null ? 'validation.required' : 'validation.notAllowed';
    case 'invalid_format':
      return 'validation.badFormat';
    case 'custom':
      return typeof issue.message === 'string' && issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
    default:
      return 'validation.invalid';
  }
}

/** Flatten issues to `{ "problems.0.description": "validation.required" }`; first issue per path wins. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}
