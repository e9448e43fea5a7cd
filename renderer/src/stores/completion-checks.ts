import { create } from 'zustand';

/**
 * Things the officer should confirm before a visit is completed (issue 26): a loan approved
 * by a bank the firm was never referred to, an amount above the firm's need. Each field that
 * sees one says so here; the completion dialog lists them, so completing is the confirmation.
 */
interface CompletionChecks {
  checks: Record<string, string>;
  set(key: string, text: string | null): void;
}

export const useCompletionChecks = create<CompletionChecks>((set) => ({
  checks: {},
  set: (key, text) =>
    set((s) => {
      if ((s.checks[key] ?? null) === text) return s;
      const checks = { ...s.checks };
      if (text === null) delete checks[key];
      else checks[key] = text;
      return { checks };
    }),
}));
