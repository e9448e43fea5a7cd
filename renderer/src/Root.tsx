import { App as AntApp, ConfigProvider, Result } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STALE_EVENT } from './bridge';
import { Shell } from './Shell';
import { StoreGate } from './screens/startup/StoreGate';

/** The browser shell restarted: this tab's key is old, and every screen would be empty. Say so instead. */
function useStaleTab(): boolean {
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const mark = () => setStale(true);
    window.addEventListener(STALE_EVENT, mark);
    return () => window.removeEventListener(STALE_EVENT, mark);
  }, []);
  return stale;
}

export function Root() {
  const { i18n, t } = useTranslation();
  const zh = i18n.language !== 'en';
  const stale = useStaleTab();
  dayjs.locale(zh ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1f7a4d', colorLink: '#1f7a4d', borderRadius: 6, fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif" },
        components: { Menu: { itemSelectedBg: '#e3f2e9', itemSelectedColor: '#1f7a4d' } },
      }}
    >
      <AntApp>{stale ? <Result status="warning" title={t('web.staleTitle')} subTitle={t('web.staleHint')} data-testid="stale-tab" /> : (
          <StoreGate>
            <Shell />
          </StoreGate>
        )}</AntApp>
    </ConfigProvider>
  );
}
