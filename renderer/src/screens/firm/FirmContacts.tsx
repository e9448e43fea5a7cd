import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../../../shared/domain/phone';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';

/**
 * A firm's contacts with their phone numbers masked (138****0000, issue 32): 显示号码 shows one
 * number — a deliberate click the audit log records — and it stays shown on this page only.
 */
export function FirmContacts({ firmId, contacts }: { firmId: string; contacts: { name: string; role: string; phone: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [shown, setShown] = useState<Record<number, string>>({});
  if (contacts.length === 0) return <>—</>;
  const reveal = (index: number) =>
    call('firms.revealContact', { firmId, index })
      .then((r) => setShown((s) => ({ ...s, [index]: r.phone })))
      .catch((error: unknown) => void message.error(errorText(error)));
  return (
    <Space direction="vertical" size={0}>
      {contacts.map((c, i) => (
        <Space key={i} size={4} data-testid={`contact-${i}`}>
          <Typography.Text>{`${c.name}${c.role ? `（${c.role}）` : ''}`}</Typography.Text>
          {c.phone && <Typography.Text data-testid={`contact-phone-${i}`}>{shown[i] ?? maskPhone(c.phone)}</Typography.Text>}
          {c.phone && shown[i] === undefined && (
            <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => void reveal(i)} data-testid={`contact-reveal-${i}`} title={t('privacy.revealHint')}>
              {t('privacy.reveal')}
            </Button>
          )}
        </Space>
      ))}
    </Space>
  );
}
