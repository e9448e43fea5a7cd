import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CountyCode } from '../../../../shared/domain/divisions';
import type { HandbookOptions } from '../../../../shared/domain/handbook';
import { call } from '../../api';
import { saveDownload } from '../../bridge';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useErrorText } from '../../hooks/useErrorText';
import { useRoute } from '../../stores/route';
import { encodeHandbookOptions } from '../report/HandbookPage';
import { useCountyOptions } from '../../hooks/useCountyOptions';

/** 《企业手册》 from this laptop's copy of the register: printed (A4 PDF) or as a workbook. */
export function HandbookCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const { busy, run } = useBusyAction();
  const [county, setCounty] = useState<CountyCode | undefined>(undefined);
  const [withContacts, setWithContacts] = useState(false);
  const [fullPhones, setFullPhones] = useState(false);
  const options: HandbookOptions = { ...(county ? { countyCode: county } : {}), withContacts, ...(withContacts && fullPhones ? { fullPhones: true } : {}) };
  const { modal } = App.useApp();
  // Full numbers are personal information: asked first, and the cover says so (issue 32).
  const askFullPhones = (checked: boolean) => {
    if (!checked) return setFullPhones(false);
    void modal.confirm({ title: t('privacy.fullPhonesConfirmTitle'), content: t('privacy.fullPhonesConfirm'), okButtonProps: { 'data-testid': 'full-phones-confirm' } as never, onOk: () => setFullPhones(true) });
  };
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const countyOptions = useCountyOptions(lang);

  const print = () => {
    const encoded = encodeHandbookOptions(options);
    // The desktop app prints the page to PDF itself; in the browser the page opens and its print dialog saves the PDF.
    if (window.xunlian)
      void call('exports.handbookPdf', { route: `#/handbook/${encoded}` }).then(
        (o) => o.status === 'saved' && void message.success(o.path),
        (error: unknown) => void message.error(errorText(error)),
      );
    else go({ name: 'handbook', options: encoded });
  };
  const exportXlsx = () =>
    run(async () => {
      const outcome = await call('exports.handbookXlsx', options);
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status === 'saved') void message.success(t('visits.exportSavedTo', { path: outcome.path }));
    });

  return (
    <Card title={t('handbook.cardTitle')} size="small" data-testid="handbook-card">
      <Typography.Paragraph type="secondary">{t('handbook.help')}</Typography.Paragraph>
      <Space wrap>
        <Select
          id="handbook-county"
          style={{ width: 180 }}
          allowClear
          placeholder={t('handbook.allCounties')}
          value={county}
          onChange={(v: CountyCode | undefined) => setCounty(v)}
          options={countyOptions}
        />
        <Checkbox checked={withContacts} onChange={(e) => setWithContacts(e.target.checked)} data-testid="handbook-contacts">
          {t('handbook.withContacts')}
        </Checkbox>
        {withContacts && (
          <Checkbox checked={fullPhones} onChange={(e) => askFullPhones(e.target.checked)} data-testid="handbook-full-phones">
            {t('privacy.fullPhones')}
          </Checkbox>
        )}
        <Button icon={<FilePdfOutlined />} onClick={print} data-testid="handbook-print">
          {t('handbook.print')}
        </Button>
        <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void exportXlsx()} data-testid="handbook-xlsx">
          {t('handbook.exportXlsx')}
        </Button>
      </Space>
    </Card>
  );
}
