import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useErrorText } from './useErrorText';

/** Runs one user action at a time: `busy` while it runs, a translated message if it fails. */
export function useBusyAction(): { busy: boolean; run: (work: () => Promise<void>) => Promise<void> } {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      try {
        await work();
      } catch (error) {
        void message.error(errorText(error));
      } finally {
        setBusy(false);
      }
    },
    [message, errorText],
  );
  return { busy, run };
}
