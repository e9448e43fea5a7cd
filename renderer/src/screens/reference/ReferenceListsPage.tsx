import { DemandSettingsCard } from '../demands/DemandSettingsCard';
import { DownloadOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAINTAINED_KINDS, type MaintainedKind, type ReferenceImportReport, type ReferenceListItem } from '../../../../shared/api/reference-lists';
import { call } from '../../api';
import { fileToBase64, saveCsv } from '../../files';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useErrorText } from '../../hooks/useErrorText';

const MAX_BYTES = 2 * 1024 * 1024;

/** One list: what the server holds, a file's dry run, then its import with the source noted. */
function ListTab({ kind }: { kind: MaintainedKind }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { busy, run } = useBusyAction();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<ReferenceListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [source, setSource] = useState('');
  const [report, setReport] = useState<ReferenceImportReport | null>(null);
  const [unmatched, setUnmatched] = useState<{ name: string; steps: number }[] | null>(null);

  const load = useCallback(() => {
    setError(null);
    call('referenceLists.list', { kind }).then(setItems, (e: unknown) => setError(errorText(e)));
    if (kind === 'bank') call('referenceLists.unmatchedBanks').then(setUnmatched, () => setUnmatched(null));
  }, [kind, errorText]);
  useEffect(load, [load]);

  const dryRun = (picked: File | undefined) =>
    run(async () => {
      if (input.current) input.current.value = '';
      if (!picked) return;
      setReport(null);
      if (picked.size > MAX_BYTES) return void message.error(t('validation.fileTooLarge'));
      const chosen = { name: picked.name, base64: await fileToBase64(picked) };
      setFile(chosen);
      setReport(await call('referenceLists.import', { kind, contentBase64: chosen.base64, apply: false, source }));
    });
  const apply = () =>
    run(async () => {
      if (!file) return;
      const done = await call('referenceLists.import', { kind, contentBase64: file.base64, apply: true, source });
      setReport(done);
      if (done.applied) {
        void message.success(t('referenceLists.applied', done.counts));
        load();
      }
    });
  const exportCurrent = () =>
    saveCsv(`${t(`referenceLists.kinds.${kind}`)}.csv`, [
      [t('referenceLists.code'), t('referenceLists.name'), t('referenceLists.group'), t('referenceLists.aliases')],
      ...(items ?? []).filter((i) => i.active).map((i) => [i.code, i.name, i.group, i.aliases.join('、')]),
    ]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid={`reference-${kind}`}>
      <Card size="small">
        <input ref={input} type="file" accept=".csv" hidden data-testid={`reference-file-${kind}`} onChange={(e) => void dryRun(e.target.files?.[0])} />
        <Space wrap>
          <Input style={{ width: 320 }} value={source} onChange={(e) => setSource(e.target.value)} placeholder={t('referenceLists.sourcePlaceholder')} addonBefore={t('referenceLists.source')} maxLength={200} data-testid={`reference-source-${kind}`} />
          <Button icon={<FileSearchOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid={`reference-choose-${kind}`}>
            {t('referenceLists.chooseFile')}
          </Button>
          {report && !report.applied && report.errors.length === 0 && (
            <Button type="primary" icon={<UploadOutlined />} loading={busy} disabled={!source.trim()} onClick={() => void apply()} data-testid={`reference-apply-${kind}`}>
              {t('referenceLists.apply')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} disabled={!items?.length} onClick={exportCurrent}>
            {t('referenceLists.exportCsv')}
          </Button>
        </Space>
        {report && (
          <Alert
            style={{ marginTop: 12 }}
            type={report.errors.length ? 'error' : report.applied ? 'success' : 'info'}
            showIcon
            data-testid={`reference-report-${kind}`}
            message={report.errors.length ? t('referenceLists.errorsTitle') : report.applied ? t('referenceLists.applied', report.counts) : t('referenceLists.report', report.counts)}
            description={
              report.errors.length ? (
                <Space direction="vertical" size={0}>
                  {report.errors.slice(0, 50).map((e, i) => (
                    <Typography.Text key={i} type="danger">
                      {e.row > 0 ? `${t('referenceLists.row', { row: e.row })}：` : ''}
                      {t(`referenceLists.problem.${e.key}`, { value: e.value })}
                    </Typography.Text>
                  ))}
                </Space>
              ) : (
                [report.added.length ? `+ ${report.added.join('、')}` : '', report.withdrawn.length ? `− ${report.withdrawn.join('、')}` : ''].filter(Boolean).join('　') || undefined
              )
            }
          />
        )}
        {error && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={error} />}
      </Card>
      {kind === 'bank' && unmatched && (
        <Card size="small" title={t('referenceLists.unmatchedTitle')} data-testid="reference-unmatched">
          <Typography.Paragraph type="secondary">{t('referenceLists.unmatchedIntro')}</Typography.Paragraph>
          {unmatched.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('referenceLists.unmatchedEmpty')} />
          ) : (
            <Space wrap>
              {unmatched.map((u) => (
                <Tag key={u.name} color="orange">
                  {u.name} · {t('referenceLists.steps', { count: u.steps })}
                </Tag>
              ))}
            </Space>
          )}
        </Card>
      )}
      <Card size="small">
        <Table<ReferenceListItem>
          rowKey="code"
          size="small"
          loading={items === null && !error}
          dataSource={items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('referenceLists.code'), dataIndex: 'code', width: 110 },
            { title: t('referenceLists.name'), dataIndex: 'name', width: 240 },
            { title: t('referenceLists.group'), dataIndex: 'group', width: 140 },
            ...(kind === 'bank' ? [{ title: t('referenceLists.aliases'), key: 'aliases', render: (_: unknown, i: ReferenceListItem) => i.aliases.join('、') }] : []),
            { title: t('referenceLists.state'), key: 'state', width: 90, render: (_: unknown, i: ReferenceListItem) => (i.active ? <Tag color="green">{t('referenceLists.active')}</Tag> : <Tag>{t('referenceLists.withdrawn')}</Tag>) },
          ]}
        />
      </Card>
    </Space>
  );
}

/** The administrator's reference lists (online): banks with their short names, and responsible departments. */
export function ReferenceListsPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="reference-lists-page">
      <Card title={t('referenceLists.title')}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('referenceLists.intro')}
        </Typography.Paragraph>
      </Card>
      <Tabs
        destroyOnHidden
        items={[
          ...MAINTAINED_KINDS.map((kind) => ({ key: kind, label: t(`referenceLists.kinds.${kind}`), children: <ListTab kind={kind} /> })),
          { key: 'demands', label: t('demands.limitsTitle'), children: <DemandSettingsCard /> },
        ]}
      />
    </Space>
  );
}
