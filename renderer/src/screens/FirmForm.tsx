import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Card, Checkbox, Col, Form, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useFieldArray, useForm, useWatch, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { checkCreditCode, creditCodeTypingProblem } from '../../../shared/domain/credit-code';
import { countyName, currentCountyCode } from '../../../shared/domain/divisions';
import { CHAIN_SEGMENTS, FirmInput, KEY_TIERS, ZJTX_LEVELS, type FirmInput as FirmInputType } from '../../../shared/domain/firm';
import { issueToKey } from '../../../shared/domain/validation-keys';
import { ApiError, call } from '../api';
import { DateField, NumberField, SelectField, TextField } from '../components/fields';
import { useErrorText } from '../hooks/useErrorText';
import { groupedOptions, useReference } from '../stores/reference';
import { useRoute } from '../stores/route';
import { useCountyOptions } from '../hooks/useCountyOptions';

type Values = FirmInputType & { certifications: NonNullable<FirmInputType['certifications']>; contacts: NonNullable<FirmInputType['contacts']> };

const EMPTY: Values = {
  creditCode: '',
  name: '',
  countyCode: '371502',
  address: '',
  chainSegment: 'midstream',
  categories: [],
  keyTier: 'none',
  zjtxLevel: 'none',
  contacts: [],
  certifications: [],
};

export function FirmForm({ id }: { id?: string | undefined }) {
  const errorText = useErrorText();
  const [initial, setInitial] = useState<Values | null>(id ? null : EMPTY);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!id) return;
    call('firms.get', { id })
      .then((f) =>
        setInitial({
          id: f.id,
          creditCode: f.creditCode,
          confirmCheckFailure: f.creditCheck === 'confirmed',
          name: f.name,
          countyCode: f.countyCode,
          address: f.address,
          chainSegment: f.chainSegment,
          categories: f.categories,
          keyTier: f.keyTier,
          zjtxLevel: f.zjtxLevel,
          contacts: f.contacts,
          // The source (the diagnosis that recorded a certificate) goes back unchanged with the rest.
          certifications: f.certifications.map(({ product, starLevel, certificateNo, validUntil, sourceVisitId }) => ({ product, starLevel, certificateNo, validUntil, ...(sourceVisitId ? { sourceVisitId } : {}) })),
        }),
      )
      .catch(setError);
  }, [id]);
  if (error) return <Result status="warning" title={errorText(error)} />;
  if (!initial) return <Skeleton active />;
  return <LoadedFirmForm initial={initial} />;
}

function LoadedFirmForm({ initial }: { initial: Values }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const products = useReference('green_product');
  const [saving, setSaving] = useState(false);
  const { control, handleSubmit, setValue, setError, formState } = useForm<Values>({
    defaultValues: initial,
    resolver: zodResolver(FirmInput as never, { error: issueToKey } as never) as never,
  });
  const contacts = useFieldArray({ control, name: 'contacts' });
  const certs = useFieldArray({ control, name: 'certifications' });
  const creditCode = useWatch({ control, name: 'creditCode' }) ?? '';
  const countyCode = useWatch({ control, name: 'countyCode' });
  const confirmed = useWatch({ control, name: 'confirmCheckFailure' });
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const countyOptions = useCountyOptions(lang);

  // Live help while the code is typed: the county it implies, and a failed check to confirm.
  const check = creditCode.trim().length === 18 ? checkCreditCode(creditCode) : null;
  const implied = check && check.kind !== 'malformed' ? currentCountyCode(check.divisionCode) : null;
  // While typing: the letter the code never uses, named with its place, or how many of 18 are there.
  const typing = creditCodeTypingProblem(creditCode);
  const creditExtra = typing ? (
    <Typography.Text type={typing.key === 'validation.creditBadChar' ? 'danger' : 'secondary'} data-testid="credit-code-typing">
      {typing.key === 'validation.creditBadChar' ? t(typing.key, { position: typing.position, char: typing.char }) : t(typing.key, { count: typing.count })}
    </Typography.Text>
  ) : (
    t('firmForm.creditCodeHelp')
  );

  const save = handleSubmit(async (values) => {
    setSaving(true);
    try {
      const firm = await call('firms.save', values);
      void message.success(t('firmForm.saved'));
      go({ name: 'firm', id: firm.id }, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.data.fields) for (const [path, key] of Object.entries(e.data.fields)) setError(path as Path<Values>, { message: key });
      void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  });

  // Leaving with typed but unsaved changes asks first: nothing typed is thrown away silently.
  // (Read while rendering: react-hook-form tracks isDirty only for those who read it.)
  const { isDirty } = formState;
  const back = () =>
    isDirty
      ? modal.confirm({
          title: t('firmForm.leaveTitle'),
          content: t('firmForm.leaveHint'),
          okText: t('firmForm.leave'),
          okButtonProps: { danger: true, 'data-testid': 'confirm-leave' } as never,
          cancelText: t('firmForm.stay'),
          onOk: () => history.back(),
        })
      : history.back();

  return (
    <Card title={initial.id ? t('firmForm.titleEdit') : t('firmForm.titleNew')} extra={<Button onClick={back} data-testid="firm-form-back">{t('form.back')}</Button>}>
      <Form
        layout="vertical"
        component="form"
        onFinish={() => void save()}
        style={{ maxWidth: 980 }}
        // Enter confirms the field it is typed in (a date, a number), never the whole firm: saving is the button's.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
      >
        <Row gutter={24}>
          <Col span={12}>
            <TextField control={control} name="name" label={t('firms.name')} required testId="firm-name-input" maxLength={100} />
          </Col>
          <Col span={12}>
            <TextField control={control} name="creditCode" label={t('firms.creditCode')} required testId="credit-code" maxLength={18} extra={creditExtra} normalize={(v) => v.toUpperCase()} />
          </Col>
        </Row>
        {check?.kind === 'checkFailed' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="credit-check-warning"
            message={t(check.failed === 'org' ? 'firmForm.orgCheckFailed' : 'firmForm.checkFailed', { expected: check.expected })}
            description={
              <Checkbox checked={!!confirmed} onChange={(e) => setValue('confirmCheckFailure', e.target.checked)} data-testid="confirm-check">
                {t('firmForm.confirmCheckFailure')}
              </Checkbox>
            }
          />
        )}
        {implied && implied !== countyCode && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="implied-county"
            message={`${t('firmForm.impliedCounty', { county: countyName(implied, lang) })}（${t('firmForm.countyMismatch')}）`}
            action={
              <Button size="small" onClick={() => setValue('countyCode', implied)} data-testid="use-implied-county">
                {t('firmForm.useCounty')}
              </Button>
            }
          />
        )}
        <Space size={24} wrap>
          <SelectField control={control} name="countyCode" label={t('firms.county')} required width={180} options={countyOptions} testId="county" />
          <SelectField control={control} name="chainSegment" label={t('firms.segment')} required width={180} options={CHAIN_SEGMENTS.map((s) => ({ value: s, label: t(`segment.${s}`) }))} />
          <SelectField control={control} name="keyTier" label={t('firms.keyTier')} width={150} disabled extra={t('firmForm.bureauDecides')} options={KEY_TIERS.map((k) => ({ value: k, label: k === 'none' ? t('common.none') : t(`keyTier.${k}`) }))} />
          <SelectField control={control} name="zjtxLevel" label={t('firms.zjtx')} width={180} disabled extra={t('firmForm.bureauDecides')} options={ZJTX_LEVELS.map((k) => ({ value: k, label: k === 'none' ? t('common.none') : t(`zjtx.${k}`) }))} />
        </Space>
        <TextField control={control} name="address" label={t('firms.address')} maxLength={200} />
        <SelectField control={control} name="categories" label={t('firms.categories')} mode="multiple" width={640} options={groupedOptions(products)} />

        <Typography.Title level={5}>{t('firms.contacts')}</Typography.Title>
        {contacts.fields.map((item, i) => (
          <Space key={item.id} align="start">
            <TextField control={control} name={`contacts.${i}.name`} label={t('firms.contactName')} required />
            <TextField control={control} name={`contacts.${i}.role`} label={t('firms.contactRole')} />
            <TextField control={control} name={`contacts.${i}.phone`} label={t('firms.contactPhone')} />
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('form.remove')} onClick={() => contacts.remove(i)} style={{ marginTop: 30 }} />
          </Space>
        ))}
        <div style={{ marginBottom: 16 }}>
          <Button icon={<PlusOutlined />} onClick={() => contacts.append({ name: '', role: '', phone: '' })}>
            {t('firmForm.addContact')}
          </Button>
        </div>

        <Typography.Title level={5}>{t('firms.certifications')}</Typography.Title>
        {certs.fields.map((item, i) => (
          <Space key={item.id} align="start" wrap>
            <SelectField control={control} name={`certifications.${i}.product`} label={t('firms.certProduct')} required width={220} options={groupedOptions(products)} />
            <NumberField control={control} name={`certifications.${i}.starLevel`} label={t('firms.certStar')} required min={1} max={3} precision={0} width={90} />
            <TextField control={control} name={`certifications.${i}.certificateNo`} label={t('firms.certNo')} required />
            <DateField control={control} name={`certifications.${i}.validUntil`} label={t('firms.certValidUntil')} required />
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('form.remove')} onClick={() => certs.remove(i)} style={{ marginTop: 30 }} />
          </Space>
        ))}
        <div style={{ marginBottom: 24 }}>
          <Button icon={<PlusOutlined />} onClick={() => certs.append({ product: '', starLevel: 3, certificateNo: '', validUntil: '' })}>
            {t('firmForm.addCertification')}
          </Button>
        </div>
        <Button type="primary" htmlType="submit" size="large" icon={<SaveOutlined />} loading={saving} data-testid="save-firm">
          {t('firmForm.save')}
        </Button>
      </Form>
    </Card>
  );
}
