import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../../../shared/api/care';
import { call } from '../../api';
import { useBusyAction } from '../../hooks/useBusyAction';

/** Switches between the real and the demo data: the app restarts into the other profile. */
export function useOpenProfile(): { busy: boolean; open: (profile: Profile) => Promise<void>; pending: Profile | null } {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { busy, run } = useBusyAction();
  // The browser shell cannot restart itself: the choice is kept and shown until it does.
  const [pending, setPending] = useState<Profile | null>(null);
  const open = (profile: Profile) =>
    run(async () => {
      const { relaunching } = await call('app.openProfile', { profile });
      if (!relaunching) {
        setPending(profile);
        modal.info({ title: t(profile === 'demo' ? 'care.profile.demoChosen' : 'care.profile.realChosen'), content: t('care.profile.restartToSwitch'), okButtonProps: { 'data-testid': 'switch-understood' } as never });
      }
    });
  return { busy, open, pending };
}
