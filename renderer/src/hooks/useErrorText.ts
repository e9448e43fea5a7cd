import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Turns any failure into a translated sentence; never shows a stack trace. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) return error.data.message === 'NETWORK' ? t('errors.NETWORK') : t(`errors.${error.data.code}`);
      return t('errors.INTERNAL');
    },
    [t],
  );
}
