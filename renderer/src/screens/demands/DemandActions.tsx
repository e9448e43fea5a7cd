import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemRecord } from '../../../../shared/domain/problem';
import { MAX_RESOLVE_DAYS } from '../../../../shared/domain/demand/deadlines';
import type { MethodInput } from '../../../../shared/api/contract';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';

type Dialog = null | 'extend' | 'supervise';

/** A supervisor's 延期 (approve more working days, with a reason), 督办 (a note for the officer) and 销号 — queued, sent at once when online. */
export function DemandActions({ problem, onChanged }: { problem: ProblemRecord; onChanged?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [days, setDays] = useState<number | null>(Math.min(MAX_RESOLVE_DAYS, (problem.clock?.deadlines.resolveDays ?? 15) + 10));
  const [text, setText] = useState('');
  const label = `${problem.firmName} · ${problem.description.slice(0, 40)}`;
  const decide = async (input: MethodInput<'demands.decide'>) => {
    setBusy(true);
    try {
      const queued = await call('demands.decide', input);
      void message.success(t(queued.state === 'done' ? 'demands.applied' : 'demands.queued'));
      if (queued.state === 'rejected') void message.error(queued.result?.reasons?.join('；') ?? '');
      setDialog(null);
      setText('');
      onChanged?.();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const open = problem.status !== 'resolved';
  return (
    <Space wrap>
      {open && problem.handedOn && (
        <Button size="small" onClick={() => setDialog('extend')} data-testid={`demand-extend-${problem.id}`}>
          {t('demands.extend')}
        </Button>
      )}
      {open && (
        <Button size="small" onClick={() => setDialog('supervise')} data-testid={`demand-supervise-${problem.id}`}>
          {t('demands.supervise')}
        </Button>
      )}
      {problem.status === 'resolved' && !problem.closedAt && (
        <Popconfirm title={t('demands.closeConfirm')} onConfirm={() => decide({ kind: 'close', problemId: problem.id, label: `${t('demands.close')}：${label}` })} okButtonProps={{ 'data-testid': 'demand-close-confirm' } as never}>
          <Button size="small" type="primary" loading={busy} data-testid={`demand-close-${problem.id}`}>
            {t('demands.close')}
          </Button>
        </Popconfirm>
      )}
      <Modal
        open={dialog !== null}
        title={dialog === 'extend' ? t('demands.extend') : t('demands.supervise')}
        onCancel={() => setDialog(null)}
        confirmLoading={busy}
        okButtonProps={{ disabled: text.trim().length < 2 || (dialog === 'extend' && !days), 'data-testid': 'demand-dialog-ok' } as never}
        onOk={() =>
          dialog === 'extend'
            ? decide({ kind: 'extend', problemId: problem.id, days: days ?? 0, reason: text.trim(), label: `${t('demands.extend')}：${label}` })
            : decide({ kind: 'supervise', problemId: problem.id, note: text.trim(), label: `${t('demands.supervise')}：${label}` })
        }
      >
        <Form layout="vertical">
          {dialog === 'extend' && (
            <Form.Item label={t('demands.extendDays')} htmlFor="demand-extend-days">
              <InputNumber id="demand-extend-days" min={(problem.clock?.deadlines.resolveDays ?? 15) + 1} max={MAX_RESOLVE_DAYS} precision={0} value={days} onChange={(v) => setDays(v)} />
            </Form.Item>
          )}
          <Form.Item label={dialog === 'extend' ? t('demands.extendReason') : t('demands.superviseNote')} htmlFor="demand-dialog-text" required>
            <Input.TextArea id="demand-dialog-text" data-testid="demand-dialog-text" rows={3} maxLength={500} showCount value={text} onChange={(e) => setText(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
