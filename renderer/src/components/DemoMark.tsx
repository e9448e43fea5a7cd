import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../stores/app-info';

/** On printed pages of the demo profile: says plainly that the figures are demo data. */
export function DemoMark() {
  const { t } = useTranslation();
  const demo = useAppInfo((s) => s.info?.profile === 'demo');
  if (!demo) return null;
  return (
    <p data-testid="demo-mark" style={{ border: '2px solid #fa8c16', color: '#ad4e00', padding: '4px 8px', fontWeight: 600, display: 'inline-block' }}>
      {t('care.demoBanner')}
    </p>
  );
}
