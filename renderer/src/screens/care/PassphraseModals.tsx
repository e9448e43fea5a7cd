import { Alert, Form, Input, Modal, Progress, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseBits, passphraseLevel, passphraseProblem, type PassphraseLevel } from '../../../../shared/domain/passwords/passphrase';

const LEVEL_LOOK: Record<PassphraseLevel, { percent: number; color: string }> = {
  weak: { percent: 20, color: '#cf1322' },
  fair: { percent: 50, color: '#d48806' },
  strong: { percent: 80, color: '#389e0d' },
  veryStrong: { percent: 100, color: '#237804' },
};

/** The strength of what is typed, as the officer types it: a bar and a word. */
function StrengthMeter({ passphrase }: { passphrase: string }) {
  const { t } = useTranslation();
  const level = passphraseLevel(passphrase);
  const look = LEVEL_LOOK[level];
  return (
    <div data-testid="passphrase-strength" data-level={level} data-bits={passphraseBits(passphrase)}>
      <Progress percent={passphrase ? look.percent : 0} strokeColor={look.color} showInfo={false} size="small" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('care.backup.passphrase.strength', { level: t(`care.backup.passphrase.levels.${level}`) })}
      </Typography.Text>
    </div>
  );
}

/** Asks for the outside backup's passphrase twice, with its strength; OK only for one that may protect it. */
export function ChoosePassphraseModal({ open, onCancel, onChosen }: { open: boolean; onCancel: () => void; onChosen: (passphrase: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [saving, setSaving] = useState(false);
  const problem = passphraseProblem(passphrase);
  const mismatch = repeat.length > 0 && repeat !== passphrase;
  const reset = () => {
    setPassphrase('');
    setRepeat('');
  };
  return (
    <Modal
      open={open}
      title={t('care.backup.passphrase.title')}
      okText={t('care.backup.passphrase.ok')}
      okButtonProps={{ disabled: problem !== null || repeat !== passphrase, loading: saving, 'data-testid': 'passphrase-ok' } as never}
      onCancel={() => {
        reset();
        onCancel();
      }}
      onOk={async () => {
        setSaving(true);
        try {
          await onChosen(passphrase);
          reset();
        } finally {
          setSaving(false);
        }
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('care.backup.passphrase.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('care.backup.passphrase.label')} validateStatus={passphrase && problem ? 'error' : ''} help={passphrase && problem ? t(`validation.passphrase.${problem}`) : undefined}>
          <Input.Password id="backup-passphrase" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" />
        </Form.Item>
        <StrengthMeter passphrase={passphrase} />
        <Form.Item label={t('care.backup.passphrase.repeat')} validateStatus={mismatch ? 'error' : ''} help={mismatch ? t('care.backup.passphrase.mismatch') : undefined} style={{ marginTop: 12 }}>
          <Input.Password id="backup-passphrase-repeat" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
        </Form.Item>
      </Form>
      <Alert type="warning" showIcon message={t('care.backup.passphrase.warning')} />
    </Modal>
  );
}

/** Asks for the passphrase of a backup another laptop wrote; a wrong one keeps the dialog open and says so. */
export function UnlockBackupModal({ open, onCancel, onUnlock }: { open: boolean; onCancel: () => void; onUnlock: (passphrase: string) => Promise<string | null> }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const submit = async () => {
    setOpening(true);
    try {
      const problem = await onUnlock(passphrase);
      setError(problem);
      if (!problem) setPassphrase('');
    } finally {
      setOpening(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('care.backup.passphrase.unlockTitle')}
      okText={t('care.backup.passphrase.unlock')}
      okButtonProps={{ disabled: !passphrase, loading: opening, 'data-testid': 'unlock-backup-ok' } as never}
      onCancel={() => {
        setPassphrase('');
        setError(null);
        onCancel();
      }}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('care.backup.passphrase.unlockHelp')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('care.backup.passphrase.label')} validateStatus={error ? 'error' : ''} help={error ?? undefined}>
          <Input.Password id="unlock-passphrase" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} onPressEnter={() => passphrase && void submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
