import { Alert, Col, Divider, Form, Row, Space, Typography } from 'antd';
import { useFieldArray, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { needsFinancing, rndShare, type DiagnosisSection } from '../../../../shared/domain/answers';
import { DateField, NumberField, SelectField, SwitchField, TextField } from '../../components/fields';
import { groupedOptions, useReference } from '../../stores/reference';
import { EliminatedSection } from './EliminatedSection';
import { AddButton, RemoveButton } from './ListButtons';
import { RaisedProblemsFields } from './RaisedProblemsFields';
import type { AnswerValues } from './values';

interface Props {
  control: Control<AnswerValues>;
  section: DiagnosisSection;
  disabled: boolean;
}

const STARS = [1, 2, 3].map((n) => ({ value: n, label: '★'.repeat(n) }));

/** One section of the diagnosis survey at a time; the section list lives in VisitPage. */
export function DiagnosisFields({ control, section, disabled }: Props) {
  const props = { control, disabled };
  return (
    <Form layout="vertical" component="div" disabled={disabled}>
      {section === 'people' && <PeopleSection {...props} />}
      {section === 'operations' && <OperationsSection {...props} />}
      {section === 'rnd' && <RndSection {...props} />}
      {section === 'green' && <GreenSection {...props} />}
      {section === 'eliminated' && <EliminatedSection {...props} />}
      {section === 'problems' && <RaisedProblemsFields {...props} />}
      {section === 'financing' && <FinancingSection {...props} />}
      {section === 'policies' && <PoliciesSection {...props} />}
      {section === 'conclusion' && <ConclusionSection {...props} />}
    </Form>
  );
}

type SectionProps = Omit<Props, 'section'>;

function PeopleSection({ control, disabled }: SectionProps) {
  const { t } = useTranslation();
  const people = useFieldArray({ control, name: 'people' as never });
  return (
    <>
      <DateField control={control} name="visitDate" label={t('form.visitDate')} required testId="visit-date" />
      <Typography.Text strong>{t('form.people')}</Typography.Text>
      {people.fields.map((item, i) => (
        <Space key={item.id} align="start" style={{ display: 'flex', marginTop: 8 }}>
          <TextField control={control} name={`people.${i}.name`} label={t('form.personName')} required maxLength={50} testId={`people-${i}-name`} />
          <TextField control={control} name={`people.${i}.role`} label={t('form.personRole')} maxLength={50} testId={`people-${i}-role`} />
          <div style={{ marginTop: 30 }}>
            <RemoveButton disabled={disabled || people.fields.length <= 1} onClick={() => people.remove(i)} />
          </div>
        </Space>
      ))}
      <AddButton disabled={disabled} label={t('form.addPerson')} onClick={() => people.append({ name: '', role: '' } as never)} testId="add-person" />
    </>
  );
}

function OperationsSection({ control }: SectionProps) {
  const { t } = useTranslation();
  const wan = t('survey.wan');
  return (
    <Row gutter={24}>
      <Col span={8}><NumberField control={control} name="operations.outputValue" label={t('survey.outputValue')} unit={wan} min={0} precision={2} /></Col>
      <Col span={8}><NumberField control={control} name="operations.revenue" label={t('survey.revenue')} unit={wan} min={0} precision={2} testId="operations-revenue" /></Col>
      <Col span={8}><NumberField control={control} name="operations.taxes" label={t('survey.taxes')} unit={wan} min={0} precision={2} /></Col>
      <Col span={8}><NumberField control={control} name="operations.employees" label={t('survey.employees')} unit={t('survey.persons')} min={0} precision={0} testId="operations-employees" /></Col>
      <Col span={8}><NumberField control={control} name="operations.capacityUse" label={t('survey.capacityUse')} unit="%" min={0} max={100} precision={1} testId="operations-capacity" /></Col>
    </Row>
  );
}

function RndSection({ control }: SectionProps) {
  const { t } = useTranslation();
  const spend = useWatch({ control, name: 'rnd.spend' }) as number | null | undefined;
  const revenue = useWatch({ control, name: 'operations.revenue' }) as number | null | undefined;
  const share = rndShare(spend, revenue);
  const items = t('survey.items');
  return (
    <>
      <Row gutter={24}>
        <Col span={8}><NumberField control={control} name="rnd.spend" label={t('survey.rndSpend')} unit={t('survey.wan')} min={0} precision={2} testId="rnd-spend" /></Col>
        <Col span={8}><NumberField control={control} name="rnd.staff" label={t('survey.rndStaff')} unit={t('survey.persons')} min={0} precision={0} /></Col>
      </Row>
      <Alert
        type={share !== null && share > 100 ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="rnd-share"
        message={share === null ? t('survey.rndShareUnknown') : t('survey.rndShare', { share })}
      />
      <Row gutter={24}>
        <Col span={6}><NumberField control={control} name="rnd.inventionPatents" label={t('survey.inventionPatents')} unit={items} min={0} precision={0} width={150} /></Col>
        <Col span={6}><NumberField control={control} name="rnd.utilityPatents" label={t('survey.utilityPatents')} unit={items} min={0} precision={0} width={150} /></Col>
        <Col span={6}><NumberField control={control} name="rnd.designPatents" label={t('survey.designPatents')} unit={items} min={0} precision={0} width={150} /></Col>
        <Col span={6}><NumberField control={control} name="rnd.newPatentsThisYear" label={t('survey.newPatentsThisYear')} unit={items} min={0} precision={0} width={150} /></Col>
      </Row>
    </>
  );
}

function GreenSection({ control, disabled }: SectionProps) {
  const { t } = useTranslation();
  const products = groupedOptions(useReference('green_product'));
  const certified = useFieldArray({ control, name: 'green.certified' as never });
  const plans = useFieldArray({ control, name: 'green.plans' as never });
  return (
    <>
      <Typography.Text strong>{t('survey.certified')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="certified-hint">
        {t('survey.certifiedHint')}
      </Typography.Paragraph>
      {certified.fields.map((item, i) => (
        <Space key={item.id} align="start" wrap style={{ display: 'flex', marginTop: 8 }}>
          <SelectField control={control} name={`green.certified.${i}.product`} label={t('survey.product')} required options={products} width={220} />
          <SelectField control={control} name={`green.certified.${i}.starLevel`} label={t('survey.starLevel')} required options={STARS} width={100} />
          <TextField control={control} name={`green.certified.${i}.certificateNo`} label={t('firms.certNo')} maxLength={60} />
          <DateField control={control} name={`green.certified.${i}.validUntil`} label={t('firms.certValidUntil')} />
          <div style={{ marginTop: 30 }}><RemoveButton disabled={disabled} onClick={() => certified.remove(i)} /></div>
        </Space>
      ))}
      <div><AddButton disabled={disabled} label={t('survey.addCertified')} onClick={() => certified.append({ starLevel: 3 } as never)} testId="add-certified" /></div>
      <Divider />
      <Typography.Text strong>{t('survey.plans')}</Typography.Text>
      {plans.fields.map((item, i) => (
        <Space key={item.id} align="start" wrap style={{ display: 'flex', marginTop: 8 }}>
          <SelectField control={control} name={`green.plans.${i}.product`} label={t('survey.product')} required options={products} width={220} />
          <SelectField control={control} name={`green.plans.${i}.targetStar`} label={t('survey.targetStar')} required options={STARS} width={100} />
          <NumberField control={control} name={`green.plans.${i}.targetYear`} label={t('survey.targetYear')} min={2000} max={2100} precision={0} width={120} />
          <div style={{ marginTop: 30 }}><RemoveButton disabled={disabled} onClick={() => plans.remove(i)} /></div>
        </Space>
      ))}
      <div><AddButton disabled={disabled} label={t('survey.addPlan')} onClick={() => plans.append({ targetStar: 3 } as never)} /></div>
    </>
  );
}

function FinancingSection({ control }: SectionProps) {
  const { t } = useTranslation();
  const problems = useWatch({ control, name: 'problems' }) as { category?: string }[] | undefined;
  if (!needsFinancing({ problems })) return <Alert type="info" showIcon message={t('survey.noFinancingProblem')} data-testid="no-financing" />;
  return (
    <>
      <Space size={24} wrap>
        <NumberField control={control} name="financing.amount" label={t('survey.financingAmount')} required unit={t('survey.wan')} min={0} precision={2} testId="financing-amount" />
        <NumberField control={control} name="financing.termMonths" label={t('survey.termMonths')} required unit={t('survey.months')} min={1} max={360} precision={0} testId="financing-term" />
      </Space>
      <TextField control={control} name="financing.purpose" label={t('survey.purpose')} maxLength={500} />
      <SwitchField control={control} name="financing.wantsMatchmaking" label={t('survey.wantsMatchmaking')} testId="financing-matchmaking" />
    </>
  );
}

function PoliciesSection({ control, disabled }: SectionProps) {
  const { t } = useTranslation();
  const policies = groupedOptions(useReference('policy'), (p) => p.code);
  const list = useFieldArray({ control, name: 'policies' as never });
  return (
    <>
      {list.fields.map((item, i) => (
        <Space key={item.id} align="start" wrap style={{ display: 'flex' }}>
          <SelectField control={control} name={`policies.${i}.code`} label={t('survey.policy')} required options={policies} width={320} />
          <TextField control={control} name={`policies.${i}.note`} label={t('survey.policyNote')} maxLength={500} />
          <div style={{ marginTop: 30 }}><RemoveButton disabled={disabled} onClick={() => list.remove(i)} /></div>
        </Space>
      ))}
      <AddButton disabled={disabled} label={t('survey.addPolicy')} onClick={() => list.append({} as never)} testId="add-policy" />
    </>
  );
}

function ConclusionSection({ control }: SectionProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField control={control} name="conclusion" label={t('form.conclusion')} required multiline rows={5} maxLength={5000} placeholder={t('form.conclusionPlaceholder')} testId="conclusion" />
      <TextField control={control} name="recommendations" label={t('survey.recommendations')} multiline rows={4} maxLength={5000} testId="recommendations" />
    </>
  );
}
