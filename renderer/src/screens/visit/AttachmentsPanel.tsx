import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../../shared/api/contract';
import type { Result } from '../../../../shared/api/errors';
import { WEB_KEY_HEADER } from '../../../../shared/api/bridge';
import { ApiError, call } from '../../api';
import { saveDownload, webKey } from '../../bridge';
import { useBusyAction } from '../../hooks/useBusyAction';

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** In the browser the page uploads the files itself; in Electron the main process shows its file dialog. */
async function uploadInBrowser(visitId: string, file: File): Promise<Attachment[]> {
  const res = await fetch(`/api/attachments?visitId=${encodeURIComponent(visitId)}&name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { [WEB_KEY_HEADER]: webKey, 'content-type': 'application/octet-stream' },
    body: file,
  });
  const result = (await res.json()) as Result<Attachment[]>;
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function AttachmentsPanel({ visitId, initial, editable, ensureSaved }: { visitId: string; initial: Attachment[]; editable: boolean; ensureSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  const electron = !!window.xunlian;

  const { busy, run } = useBusyAction();

  const add = () =>
    void run(async () => {
      await ensureSaved();
      if (electron) setItems(await call('attachments.pick', { visitId }));
      else input.current?.click();
    });

  const onFiles = (files: FileList | null) =>
    void run(async () => {
      for (const file of Array.from(files ?? [])) setItems(await uploadInBrowser(visitId, file));
      if (files?.length) void message.success(t('form.attachmentAdded'));
      if (input.current) input.current.value = '';
    });

  const open = (a: Attachment) =>
    void run(async () => {
      const outcome = await call('attachments.open', { id: a.id });
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
    });

  const remove = (a: Attachment) =>
    void run(async () => {
      await call('attachments.remove', { id: a.id });
      setItems((list) => list.filter((x) => x.id !== a.id));
    });

  return (
    <Card
      size="small"
      title={
        <>
          <PaperClipOutlined /> {t('form.attachments')}
        </>
      }
      extra={
        editable && (
          <Button icon={<UploadOutlined />} loading={busy} onClick={add} data-testid="add-attachment">
            {t('form.addAttachment')}
          </Button>
        )
      }
    >
      <input ref={input} type="file" multiple hidden data-testid="attachment-input" onChange={(e) => onFiles(e.target.files)} />
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('form.noAttachments') }}
        data-testid="attachment-list"
        renderItem={(a) => (
          <List.Item
            actions={editable ? [<Button key="rm" type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('form.remove')} onClick={() => remove(a)} />] : []}
          >
            <Typography.Link onClick={() => open(a)}>{a.fileName}</Typography.Link>
            <Typography.Text type="secondary">{formatSize(a.size)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
