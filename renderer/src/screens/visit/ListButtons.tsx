import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** Removes one entry of a list in a form (people, problems, certificates…); hidden on a locked visit. */
export function RemoveButton({ onClick, disabled }: { onClick: () => void; disabled: boolean }) {
  const { t } = useTranslation();
  if (disabled) return null;
  return <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('form.remove')} onClick={onClick} />;
}

/** Adds an entry to a list in a form; hidden on a locked visit. */
export function AddButton({ onClick, disabled, label, testId }: { onClick: () => void; disabled: boolean; label: string; testId?: string }) {
  if (disabled) return null;
  return (
    <Button icon={<PlusOutlined />} onClick={onClick} data-testid={testId} style={{ marginBottom: 16 }}>
      {label}
    </Button>
  );
}
