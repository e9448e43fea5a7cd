import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignableOfficer } from '../../../../shared/api/assignments';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
import { officerLabel } from './assignment-text';

const NOBODY = '__nobody__';

/**
 * Choosing an officer and saying why: one firm's change on its page, or a handover of every firm
 * of one officer. Only officers serving `county` are offered (all of the caller's, for a handover),
 * and the one who has the firms now is left out.
 */
export function AssignModal({ open, title, county, current, onSubmit, onClose }: { open: boolean; title: string; county?: string; current?: string | null; onSubmit: (to: string | null, reason: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ to: string; reason: string }>();
  const [officers, setOfficers] = useState<AssignableOfficer[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    call('assignments.officers').then(setOfficers, (error: unknown) => {
      setOfficers([]);
      void message.error(errorText(error));
    });
  }, [open, form, message, errorText]);
  const options = (officers ?? [])
    .filter((o) => o.username !== current && (!county || o.counties === null || o.counties.includes(county)))
    .map((o) => ({ value: o.username, label: `${officerLabel(o.name, o.username)} · ${t('assignments.firmsCount')} ${o.firms}` }));
  const submit = async ({ to, reason }: { to: string; reason: string }) => {
    setBusy(true);
    try {
      await onSubmit(to === NOBODY ? null : to, reason.trim());
      onClose();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={() => form.submit()} okText={t('assignments.confirm')} confirmLoading={busy} okButtonProps={{ 'data-testid': 'assign-ok' } as never} destroyOnHidden data-testid="assign-modal">
      <Form form={form} name="assign" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="to" label={t('assignments.to')} rules={[{ required: true, message: t('assignments.toPlaceholder') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={officers === null}
            placeholder={t('assignments.toPlaceholder')}
            options={[...options, ...(current ? [{ value: NOBODY, label: t('assignments.unassign') }] : [])]}
            data-testid="assign-to"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('assignments.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('assignments.reasonRequired') }]}>
          <Input maxLength={200} showCount placeholder={t('assignments.reasonPlaceholder')} data-testid="assign-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
