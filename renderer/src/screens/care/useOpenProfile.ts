import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../../../shared/api/care';
import { call } from '../../api';
import { useBusyAction } from '../../hooks/useBusyAction';

/** Switches between the real and the demo data: the app restarts into the other profile. */
export function useOpenProfile(): { busy: boolean; open: (profile: Profile) => Promise<void> } {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { busy, run } = useBusyAction();
  const open = (profile: Profile) =>
    run(async () => {
      const { relaunching } = await call('app.openProfile', { profile });
      if (!relaunching) void message.info(t('care.profile.restartToSwitch'));
    });
  return { busy, open };
}
