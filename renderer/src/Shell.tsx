import { ApartmentOutlined, FileSearchOutlined, TranslationOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SyncIndicator } from './components/SyncIndicator';
import { setLang } from './i18n';
import { FirmList } from './screens/FirmList';
import { VisitForm } from './screens/VisitForm';
import { VisitList } from './screens/VisitList';
import { useRoute } from './stores/route';

export function Shell() {
  const { t, i18n } = useTranslation();
  const { route, go } = useRoute();
  const selected = route.name === 'firms' ? 'firms' : 'visits';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" style={{ borderRight: '1px solid #e8edf2' }}>
        <div style={{ padding: '20px 20px 12px' }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#1f7a4d' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={({ key }) => go({ name: key as 'firms' | 'visits' })}
          items={[
            { key: 'firms', icon: <ApartmentOutlined />, label: t('nav.firms'), 'data-testid': 'nav-firms' } as never,
            { key: 'visits', icon: <FileSearchOutlined />, label: t('nav.visits'), 'data-testid': 'nav-visits' } as never,
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #e8edf2', display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 16, padding: '0 24px' }}>
          <SyncIndicator />
          <Button icon={<TranslationOutlined />} onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')} data-testid="switch-lang">
            {t('lang.switchTo')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, background: '#f5f7fa' }}>
          {route.name === 'firms' && <FirmList />}
          {route.name === 'visits' && <VisitList />}
          {route.name === 'visit' && <VisitForm key={route.id} id={route.id} newForFirm={route.newForFirm} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
