import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Turns any failure into a translated sentence; never shows a stack trace. */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      // The server named the rule that refused it (an account rule, a password rule): that sentence says more than the code.
      const reason = error instanceof ApiError ? error.data.fields?.server : undefined;
      if (reason && i18n.exists(reason)) return t(reason);
      if (error instanceof ApiError) return error.data.message === 'NETWORK' ? t('errors.NETWORK') : t(`errors.${error.data.code}`);
      return t('errors.INTERNAL');
    },
    [t, i18n],
  );
}
