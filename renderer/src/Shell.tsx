import { AlertOutlined, AuditOutlined, ApartmentOutlined, BookOutlined, ScheduleOutlined, FieldTimeOutlined, IdcardOutlined, SafetyCertificateOutlined, BarChartOutlined, ExperimentOutlined, FileSearchOutlined, LaptopOutlined, TeamOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Layout, Menu, Tag, Typography } from 'antd';
import { call } from './api';
import { formatDateTime } from './format';
import { useTranslation } from 'react-i18next';
import { SyncIndicator } from './components/SyncIndicator';
import { setLang } from './i18n';
import { AccountPage } from './screens/AccountPage';
import { FirmForm } from './screens/FirmForm';
import { FirmList } from './screens/FirmList';
import { FirmPage } from './screens/FirmPage';
import { ProblemList } from './screens/ProblemList';
import { SummaryPage } from './screens/summary/SummaryPage';
import { ReportPage } from './screens/report/ReportPage';
import { HandbookPage } from './screens/report/HandbookPage';
import { ReviewPage } from './screens/ReviewPage';
import { AccountsPage } from './screens/accounts/AccountsPage';
import { AuditPage } from './screens/audit/AuditPage';
import { ReferenceListsPage } from './screens/reference/ReferenceListsPage';
import { AssignmentsPage } from './screens/assignments/AssignmentsPage';
import { SupervisionPage } from './screens/demands/SupervisionPage';
import { useAccount } from './stores/account';
import { VisitList } from './screens/VisitList';
import { EventList } from './screens/EventList';
import { VisitPage } from './screens/visit/VisitPage';
import { useOpenVisitKind, useRoute, type Route } from './stores/route';
import { useAppInfo } from './stores/app-info';
import { CarePage } from './screens/care/CarePage';
import { WelcomePage } from './screens/care/WelcomePage';
import { LockScreen } from './screens/passwords/LockScreen';
import { PasswordChangeGate } from './screens/passwords/PasswordChangeGate';
import { TotpEnrolGate } from './screens/passwords/TotpEnrolGate';
import { useIdleLock } from './hooks/useIdleLock';
import { useLock } from './stores/lock';

type MenuKey = 'firms' | 'visits' | 'events' | 'problems' | 'summary' | 'review' | 'account' | 'care' | 'accounts' | 'audit' | 'reference' | 'assignments' | 'supervision';
const MENU_OF: Record<Route['name'], MenuKey> = {
  firms: 'firms',
  firm: 'firms',
  firmEdit: 'firms',
  visits: 'visits',
  visit: 'visits',
  events: 'events',
  problems: 'problems',
  summary: 'summary',
  report: 'summary',
  handbook: 'summary',
  account: 'account',
  care: 'care',
  review: 'review',
  accounts: 'accounts',
  audit: 'audit',
  reference: 'reference',
  assignments: 'assignments',
  supervision: 'supervision',
};
/** An auditor's laptop shows the audit log, its own account and the laptop's care, nothing of the programme's data. */
const AUDITOR_ROUTES: readonly Route['name'][] = ['audit', 'account', 'care'];

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'firms':
      return <FirmList />;
    case 'firm':
      return <FirmPage key={route.id} id={route.id} />;
    case 'firmEdit':
      return <FirmForm key={route.id ?? 'new'} id={route.id} />;
    case 'visits':
      return <VisitList />;
    case 'events':
      return <EventList />;
    case 'problems':
      return <ProblemList />;
    case 'summary':
      return <SummaryPage />;
    case 'report':
      return <ReportPage encoded={route.filter} />;
    case 'handbook':
      return <HandbookPage encoded={route.options} />;
    case 'account':
      return <AccountPage />;
    case 'care':
      return <CarePage />;
    case 'review':
      return <ReviewPage />;
    case 'accounts':
      return <AccountsPage />;
    case 'audit':
      return <AuditPage />;
    case 'reference':
      return <ReferenceListsPage />;
    case 'assignments':
      return <AssignmentsPage />;
    case 'supervision':
      return <SupervisionPage />;
    case 'visit':
      return <VisitPage key={route.id} id={route.id} newFor={route.newFor} />;
  }
}

export function Shell() {
  const { t, i18n } = useTranslation();
  const { route, go } = useRoute();
  const openKind = useOpenVisitKind((s) => s.kind);
  const account = useAccount((s) => s.status);
  const role = account?.account?.role;
  const info = useAppInfo((s) => s.info);
  const demo = info?.profile === 'demo';
  const lock = useLock((s) => s.status);
  useIdleLock();
  // The idle lock covers everything (the main process refuses the rest anyway); until its state is
  // known nothing is drawn, so no screen asks for data the main process would refuse.
  if (lock === null) return null;
  if (lock.locked) return <LockScreen status={lock} />;
  // The server opens nothing else to an account that must choose a new password.
  if (account?.signedIn && account.passwordChange) return <PasswordChangeGate status={{ ...account, passwordChange: account.passwordChange }} />;
  // Then, where the bureau asks it of the role, the second factor is set up.
  if (account?.signedIn && account.totpEnrolment) return <TotpEnrolGate status={account} />;
  // The report is a page of its own, laid out for A4 paper.
  if (route.name === 'report' || route.name === 'handbook') return <Screen route={route} />;
  // An installed app's first start: nothing in the store yet, so sign in or open the demo.
  if (info?.firstRun && route.name !== 'account') return <WelcomePage />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" style={{ borderRight: '1px solid #e8edf2' }}>
        <div style={{ padding: '20px 20px 12px' }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#1f7a4d', letterSpacing: 2 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[route.name === 'visit' && (openKind === 'event' || route.newFor?.kind === 'event') ? 'events' : MENU_OF[route.name]]}
          onClick={({ key }) => go({ name: key as MenuKey })}
          items={(role === 'auditor' ? [
            { key: 'audit', icon: <SafetyCertificateOutlined />, label: t('nav.audit'), 'data-testid': 'nav-audit' },
            { key: 'account', icon: <UserOutlined />, label: t('nav.account'), 'data-testid': 'nav-account' },
            { key: 'care', icon: <LaptopOutlined />, label: t('care.nav'), 'data-testid': 'nav-care' },
          ] : [
            { key: 'firms', icon: <ApartmentOutlined />, label: t('nav.firms'), 'data-testid': 'nav-firms' },
            { key: 'visits', icon: <FileSearchOutlined />, label: t('nav.visits'), 'data-testid': 'nav-visits' },
            { key: 'events', icon: <TeamOutlined />, label: t('nav.events'), 'data-testid': 'nav-events' },
            { key: 'problems', icon: <AlertOutlined />, label: t('nav.problems'), 'data-testid': 'nav-problems' },
            { key: 'summary', icon: <BarChartOutlined />, label: t('nav.summary'), 'data-testid': 'nav-summary' },
            ...(role === 'supervisor' || role === 'admin'
              ? [
                  { key: 'review', icon: <AuditOutlined />, label: t('review.nav'), 'data-testid': 'nav-review' },
                  { key: 'supervision', icon: <FieldTimeOutlined />, label: t('demands.nav'), 'data-testid': 'nav-supervision' },
                  { key: 'assignments', icon: <ScheduleOutlined />, label: t('assignments.nav'), 'data-testid': 'nav-assignments' },
                ]
              : []),
            ...(role === 'admin'
              ? [
                  { key: 'accounts', icon: <IdcardOutlined />, label: t('nav.accounts'), 'data-testid': 'nav-accounts' },
                  { key: 'reference', icon: <BookOutlined />, label: t('referenceLists.title'), 'data-testid': 'nav-reference' },
                ]
              : []),
            { key: 'account', icon: <UserOutlined />, label: t('nav.account'), 'data-testid': 'nav-account' },
            { key: 'care', icon: <LaptopOutlined />, label: t('care.nav'), 'data-testid': 'nav-care' },
          ]) as never}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: demo ? '#fff7e6' : '#fff', borderBottom: demo ? '2px solid #fa8c16' : '1px solid #e8edf2', display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 16, padding: '0 24px' }}>
          {demo ? (
            <Tag color="orange" icon={<ExperimentOutlined />} style={{ marginRight: 'auto', fontSize: 14, padding: '4px 10px' }} data-testid="demo-banner">
              {t('care.demoBanner')}
            </Tag>
          ) : null}
          {demo ? <Typography.Text type="secondary">{t('care.demoSync')}</Typography.Text> : <SyncIndicator />}
          <Button icon={<TranslationOutlined />} onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')} data-testid="switch-lang">
            {t('lang.switchTo')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, background: '#f5f7fa' }}>
          {info?.lastRestore ? (
            <Alert
              type="success"
              showIcon
              closable
              style={{ marginBottom: 16 }}
              data-testid="restore-done"
              message={t('care.backup.restored', { at: formatDateTime(info.lastRestore.at) })}
              description={t('care.backup.restoredKept', { name: info.lastRestore.keptAs })}
              onClose={() => void call('backup.dismissRestoreResult').then(() => useAppInfo.getState().refresh())}
            />
          ) : null}
          <Screen route={role === 'auditor' && !AUDITOR_ROUTES.includes(route.name) ? { name: 'audit' } : route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
