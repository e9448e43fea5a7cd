import { ExperimentOutlined, LoginOutlined, TranslationOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang } from '../../i18n';
import { useRoute } from '../../stores/route';
import { useOpenProfile } from './useOpenProfile';

/** First start of an installed app: an empty store. Sign in (the first sync brings the register) or look at the demo. */
export function WelcomePage() {
  const { t, i18n } = useTranslation();
  const go = useRoute((s) => s.go);
  const { busy, open, pending } = useOpenProfile();
  return (
    <div style={{ maxWidth: 880, margin: '48px auto' }} data-testid="welcome">
      <Button icon={<TranslationOutlined />} style={{ float: 'right' }} onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
        {t('lang.switchTo')}
      </Button>
      <Typography.Title level={2} style={{ color: '#1f7a4d' }}>
        {t('care.welcome.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('care.welcome.lead')}</Typography.Paragraph>
      {pending ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t(pending === 'demo' ? 'care.profile.demoChosen' : 'care.profile.realChosen')} description={t('care.profile.restartToSwitch')} data-testid="profile-pending" /> : null}
      <Row gutter={24}>
        <Col span={12}>
          <Card title={t('care.welcome.signInTitle')} style={{ height: '100%' }}>
            <Typography.Paragraph>{t('care.welcome.signInHelp')}</Typography.Paragraph>
            <Button type="primary" size="large" icon={<LoginOutlined />} onClick={() => go({ name: 'account' })} data-testid="welcome-sign-in" autoFocus>
              {t('care.welcome.signIn')}
            </Button>
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('care.welcome.demoTitle')} style={{ height: '100%' }}>
            <Typography.Paragraph>{t('care.welcome.demoHelp')}</Typography.Paragraph>
            <Button size="large" icon={<ExperimentOutlined />} loading={busy} onClick={() => void open('demo')} data-testid="welcome-demo">
              {t('care.welcome.demo')}
            </Button>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
