import { CheckCircleOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../format';
import type { SaveState } from '../hooks/useAutosave';
import { useErrorText } from '../hooks/useErrorText';

export function SaveIndicator({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const content =
    state.kind === 'saving' || state.kind === 'pending' ? (
      <>
        <LoadingOutlined /> {t('form.saving')}
      </>
    ) : state.kind === 'saved' ? (
      <>
        <CheckCircleOutlined style={{ color: '#1f7a4d' }} /> {t('form.saved', { time: formatTime(state.at) })}
      </>
    ) : state.kind === 'failed' ? (
      <Typography.Text type="danger">
        <ExclamationCircleOutlined /> {t('form.saveFailed', { message: errorText(state.error) })}
      </Typography.Text>
    ) : (
      t('form.notSaved')
    );
  return (
    <Typography.Text type="secondary" data-testid="save-state" data-state={state.kind} aria-live="polite">
      {content}
    </Typography.Text>
  );
}
