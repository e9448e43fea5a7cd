import { App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KEY_TIERS } from '../../../../shared/domain/firm';
import type { Cadence } from '../../../../shared/domain/cadence';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';

/** The bureau's visit cadence by tier: administrators set it (online), everyone else reads the copy last synced. */
export function CadenceCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Cadence>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call('cadence.get').then((c) => form.setFieldsValue(c), () => undefined);
  }, [form]);
  const tierName = (tier: (typeof KEY_TIERS)[number]) => (tier === 'none' ? t('assignments.tierOther') : t(`keyTier.${tier}`));
  const save = async (cadence: Cadence) => {
    setBusy(true);
    try {
      form.setFieldsValue(await call('cadence.set', cadence));
      void message.success(t('assignments.cadenceSaved'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('assignments.cadenceTitle')} data-testid="cadence">
      <Typography.Paragraph type="secondary">{t('assignments.cadenceIntro')}</Typography.Paragraph>
      <Form form={form} name="cadence" layout="inline" onFinish={(v) => void save(v)} disabled={!editable}>
        {[...KEY_TIERS].reverse().map((tier) => (
          <Form.Item key={tier} name={tier} label={t('assignments.cadenceDays', { tier: tierName(tier) })} rules={[{ required: true, type: 'integer', min: 7, max: 366, message: t('assignments.cadenceRange') }]}>
            <InputNumber min={7} max={366} precision={0} style={{ width: 100 }} />
          </Form.Item>
        ))}
        {editable ? (
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="cadence-save">
              {t('assignments.cadenceSave')}
            </Button>
          </Space>
        ) : null}
      </Form>
    </Card>
  );
}
