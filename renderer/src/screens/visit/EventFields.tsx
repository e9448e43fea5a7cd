import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Divider, Empty, Form, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useController, useFieldArray, useFormState, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, ORGANISATION_TYPES } from '../../../../shared/domain/answers';
import { COUNTY_CODES, countyName } from '../../../../shared/domain/divisions';
import type { FirmSummary } from '../../../../shared/domain/firm';
import { call } from '../../api';
import { useAccount } from '../../stores/account';
import { DateField, SelectField, TextField } from '../../components/fields';
import { ProblemUpdates } from './ProblemUpdates';
import type { AnswerValues } from './values';

interface FirmRow {
  firmId: string;
  attended?: boolean;
}

/**
 * An event (活动): what, when and where; the banks and other organisations taking part;
 * the firms invited and whether each came; for a firm that came, the problems taken up
 * there (a financing problem's step with a bank moves its case); topics and outcomes.
 */
export function EventFields({ control, disabled, visitId }: { control: Control<AnswerValues>; disabled: boolean; visitId: string }) {
  const { t, i18n } = useTranslation();
  const organisations = useFieldArray({ control, name: 'organisations' as never });
  const firms = useFieldArray({ control, name: 'firms' as never });
  const rows = (useWatch({ control, name: 'firms' }) as FirmRow[] | undefined) ?? [];
  const names = useFirmNames(rows.map((r) => r.firmId));
  // An officer of one county usually holds events there: start from it (still a choice).
  const scope = useAccount((s) => s.status?.account?.countyScope);
  const county = useController({ control, name: 'countyCode' });
  const setCounty = county.field.onChange;
  const onlyCounty = scope?.length === 1 ? scope[0] : undefined;
  useEffect(() => {
    if (!disabled && onlyCounty && !county.field.value) setCounty(onlyCounty);
    // Once, when the scope is known; the officer may change it afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onlyCounty, disabled, setCounty]);

  return (
    <Form layout="vertical" component="div" disabled={disabled} style={{ maxWidth: 1040 }}>
      <Space size={16} wrap align="start">
        <SelectField control={control} name="eventKind" label={t('event.kind')} required width={240} testId="event-kind"
          options={EVENT_KINDS.map((k) => ({ value: k, label: t(`eventKind.${k}`) }))} />
        <div style={{ minWidth: 420 }}>
          <TextField control={control} name="title" label={t('event.title')} required maxLength={100} placeholder={t('event.titlePlaceholder')} testId="event-title" />
        </div>
        <DateField control={control} name="visitDate" label={t('event.date')} required testId="visit-date" />
      </Space>
      <Space size={16} wrap align="start">
        <SelectField control={control} name="countyCode" label={t('event.county')} required width={180} testId="event-county"
          options={COUNTY_CODES.map((c) => ({ value: c, label: countyName(c, i18n.language === 'en' ? 'en' : 'zh') }))} />
        <div style={{ minWidth: 360 }}>
          <TextField control={control} name="place" label={t('event.place')} required maxLength={200} testId="event-place" />
        </div>
        <div style={{ minWidth: 360 }}>
          <TextField control={control} name="organiser" label={t('event.organiser')} required maxLength={200} placeholder={t('event.organiserPlaceholder')} testId="event-organiser" />
        </div>
      </Space>

      <Divider titlePlacement="start" plain>{t('event.organisations')}</Divider>
      {organisations.fields.map((field, i) => (
        <Space key={field.id} align="start" wrap>
          <TextField control={control} name={`organisations.${i}.name`} label={t('event.organisationName')} required maxLength={60} testId={`organisation-${i}-name`} />
          <SelectField control={control} name={`organisations.${i}.type`} label={t('event.organisationType')} required width={150} testId={`organisation-${i}-type`}
            options={ORGANISATION_TYPES.map((o) => ({ value: o, label: t(`organisationType.${o}`) }))} />
          <Form.Item label=" ">
            <Button icon={<DeleteOutlined />} aria-label={t('form.remove')} onClick={() => organisations.remove(i)} disabled={disabled} />
          </Form.Item>
        </Space>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => organisations.append({ name: '', type: 'bank' } as never)} disabled={disabled} data-testid="add-organisation">
        {t('event.addOrganisation')}
      </Button>

      <Divider titlePlacement="start" plain>{t('event.firms')}</Divider>
      {!disabled && <FirmPicker exclude={rows.map((r) => r.firmId)} onPick={(firm) => { names.remember(firm); firms.append({ firmId: firm.id, attended: true, updates: [] } as never); }} />}
      <FirmsError control={control} />
      {firms.fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('event.noFirms')} />}
      {firms.fields.map((field, i) => {
        const row = rows[i];
        if (!row) return null;
        return (
          <Card key={field.id} size="small" style={{ marginTop: 8 }} data-testid={`event-firm-${i}`}
            title={<Space>{names.of(row.firmId)}{row.attended ? <Tag color="green">{t('event.attended')}</Tag> : <Tag>{t('event.absent')}</Tag>}</Space>}
            extra={<Button type="text" icon={<DeleteOutlined />} aria-label={t('form.remove')} onClick={() => firms.remove(i)} disabled={disabled} data-testid={`remove-firm-${i}`} />}>
            <Checkbox checked={row.attended === true} disabled={disabled} data-testid={`attended-${i}`}
              onChange={(e) => firms.update(i, { ...row, attended: e.target.checked, updates: e.target.checked ? ((row as { updates?: unknown[] }).updates ?? []) : [] } as never)}>
              {t('event.cameToEvent')}
            </Checkbox>
            {row.attended && (
              <div style={{ marginTop: 8 }}>
                <Typography.Text strong>{t('event.takeUp')}</Typography.Text>
                <ProblemUpdates control={control} disabled={disabled} firmId={row.firmId} visitId={visitId} name={`firms.${i}.updates`} testKey={`${i}-`} />
              </div>
            )}
          </Card>
        );
      })}

      <Divider titlePlacement="start" plain>{t('event.results')}</Divider>
      <TextField control={control} name="topics" label={t('event.topics')} required multiline rows={3} maxLength={2000} testId="event-topics" />
      <TextField control={control} name="outcomes" label={t('event.outcomes')} required multiline rows={3} maxLength={3000} placeholder={t('event.outcomesPlaceholder')} testId="event-outcomes" />
    </Form>
  );
}

/** The list-level error of the firms (none named, one named twice), which no single field shows. */
function FirmsError({ control }: { control: Control<AnswerValues> }) {
  const { t } = useTranslation();
  const { errors } = useFormState({ control, name: 'firms' });
  const message = errors.firms as { message?: string; root?: { message?: string } } | undefined;
  const text = message?.message ?? message?.root?.message;
  return text ? <Alert type="error" showIcon message={t(text)} style={{ marginTop: 8 }} data-testid="firms-error" /> : null;
}

/** Names of the firms an event lists: remembered from the search, or read once for a stored event. */
function useFirmNames(ids: readonly string[]) {
  const [known, setKnown] = useState<Record<string, string>>({});
  const missing = useMemo(() => ids.filter((id) => !(id in known)), [ids, known]);
  useEffect(() => {
    if (missing.length === 0) return;
    void Promise.all(missing.map((id) => call('firms.get', { id }).then((f) => [id, f.name] as const, () => [id, id] as const))).then((pairs) =>
      setKnown((k) => ({ ...k, ...Object.fromEntries(pairs) })),
    );
  }, [missing]);
  return {
    of: (id: string) => known[id] ?? id,
    remember: (firm: Pick<FirmSummary, 'id' | 'name'>) => setKnown((k) => ({ ...k, [firm.id]: firm.name })),
  };
}

/** Search the directory by name, pinyin or credit code and add a firm to the event. */
function FirmPicker({ exclude, onPick }: { exclude: readonly string[]; onPick: (firm: FirmSummary) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<FirmSummary[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => void call('firms.search', { query: query || undefined, limit: 20 }).then((r) => live && setFound(r.items)), 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  return (
    <Select
      showSearch
      filterOption={false}
      value={null}
      placeholder={t('event.searchFirm')}
      style={{ width: 480 }}
      onSearch={setQuery}
      onSelect={(id: string | null) => {
        const firm = found.find((f) => f.id === id);
        if (firm) onPick(firm);
        setQuery('');
      }}
      notFoundContent={t('event.noFirmFound')}
      options={found.filter((f) => !exclude.includes(f.id)).map((f) => ({ value: f.id, label: `${f.name} · ${f.creditCode}` }))}
      data-testid="event-firm-search"
    />
  );
}
