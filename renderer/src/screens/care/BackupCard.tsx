import { CloudUploadOutlined, FolderOpenOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, BackupInspection } from '../../../../shared/api/care';
import type { MethodOutput } from '../../../../shared/api/contract';
import { ApiError, call } from '../../api';
import { saveDownload } from '../../bridge';
import { formatDateTime } from '../../format';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useAppInfo } from '../../stores/app-info';
import { ChoosePassphraseModal, UnlockBackupModal } from './PassphraseModals';

const size = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Daily backups, a backup to a chosen place, and a restore that is checked and confirmed before anything is replaced. */
export function BackupCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const canRelaunch = useAppInfo((s) => s.info?.canRelaunch ?? false);
  const [list, setList] = useState<MethodOutput<'backup.list'> | null>(null);
  const { busy, run } = useBusyAction();
  const [choosing, setChoosing] = useState(false);
  const [unlocking, setUnlocking] = useState(false);
  const refresh = useCallback(() => void call('backup.list').then(setList), []);
  useEffect(refresh, [refresh]);

  const confirmRestore = (inspection: BackupInspection | null) => {
    if (!inspection) return;
    // Another laptop's backup: an outside copy, opened with the passphrase it was written with.
    if (!inspection.ok && inspection.problem === 'otherKey' && list?.canPickFile) {
      setUnlocking(true);
      return;
    }
    if (!inspection.ok) {
      void message.error(t(`care.backup.problem.${inspection.problem}`));
      return;
    }
    const { info, current } = inspection;
    modal.confirm({
      title: t('care.backup.confirmTitle'),
      width: 560,
      content: (
        <div data-testid="restore-confirm">
          <Typography.Paragraph>
            {t('care.backup.confirmBody', { visits: info.visits, completed: info.completedVisits, firms: info.firms, lastEdit: formatDateTime(info.lastEdit) || '—', currentVisits: current.visits, currentFirms: current.firms })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('care.backup.confirmAside')}</Typography.Paragraph>
        </div>
      ),
      okText: t(canRelaunch ? 'care.backup.confirm' : 'care.backup.confirmNoRelaunch'),
      okButtonProps: { danger: true, 'data-testid': 'restore-ok' } as never,
      onOk: async () => {
        try {
          const { relaunching } = await call('backup.restore');
          void message.info(t(relaunching ? 'care.backup.restarting' : 'care.backup.restartToFinish'), 8);
          refresh();
        } catch (error) {
          const key = error instanceof ApiError ? error.data.fields?.backup : undefined;
          void message.error(key ? t(key) : t('errors.INTERNAL'));
        }
      },
    });
  };

  const columns = [
    { title: t('care.backup.takenAt'), dataIndex: 'takenAt', render: (v: string) => formatDateTime(v) },
    { title: t('care.backup.kind'), dataIndex: 'kind', render: (v: BackupEntry['kind']) => t(`care.backup.kinds.${v}`) },
    { title: t('care.backup.size'), dataIndex: 'bytes', render: size },
    {
      title: '',
      key: 'restore',
      render: (_: unknown, entry: BackupEntry) => (
        <Button size="small" icon={<UndoOutlined />} disabled={busy} onClick={() => void run(async () => confirmRestore(await call('backup.inspect', { name: entry.name })))} data-testid={`restore-${entry.name}`}>
          {t('care.backup.restore')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('care.backup.title')} size="small">
      <Typography.Paragraph type="secondary">{t('care.backup.help')}</Typography.Paragraph>
      {list?.restorePending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('care.backup.pending')}
          data-testid="restore-pending"
          action={
            <Button size="small" onClick={() => void run(async () => {
              await call('backup.cancelRestore');
              void message.success(t('care.backup.cancelled'));
              refresh();
            })} data-testid="cancel-restore">
              {t('care.backup.cancelRestore')}
            </Button>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<SaveOutlined />}
          loading={busy}
          onClick={() =>
            void run(async () => {
              const entry = await call('backup.now');
              void message.success(t('care.backup.done', { name: entry.name }));
              refresh();
            })
          }
          data-testid="backup-now"
        >
          {t('care.backup.now')}
        </Button>
        <Button
          icon={<CloudUploadOutlined />}
          disabled={busy}
          onClick={() => setChoosing(true)}
          data-testid="backup-to-folder"
        >
          {t('care.backup.toFolder')}
        </Button>
        {list?.canPickFile && (
          <Button icon={<FolderOpenOutlined />} disabled={busy} onClick={() => void run(async () => confirmRestore(await call('backup.inspectFile')))}>
            {t('care.backup.fromFile')}
          </Button>
        )}
      </Space>
      <ChoosePassphraseModal
        open={choosing}
        onCancel={() => setChoosing(false)}
        onChosen={(passphrase) =>
          run(async () => {
            const outcome = await call('backup.toFolder', { passphrase });
            setChoosing(false);
            if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
            if (outcome.status !== 'cancelled') void message.success(t('care.backup.saved'));
          })
        }
      />
      <UnlockBackupModal
        open={unlocking}
        onCancel={() => setUnlocking(false)}
        onUnlock={async (passphrase) => {
          const inspection = await call('backup.inspectFile', { passphrase });
          if (inspection && !inspection.ok && inspection.problem === 'wrongPassphrase') return t('care.backup.problem.wrongPassphrase');
          setUnlocking(false);
          confirmRestore(inspection);
          return null;
        }}
      />
      <Table<BackupEntry>
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={list?.backups ?? []}
        columns={columns}
        locale={{ emptyText: t('care.backup.none') }}
        data-testid="backup-list"
      />
      {list && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t('care.backup.folder', { folder: list.folder })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
