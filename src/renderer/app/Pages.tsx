// Pages by route. The 工作台 is in the first bundle; every other page loads on first use.
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { Route } from '../lib/router';
import { Dashboard } from '../features/dashboard/Dashboard';

const IntakePage = lazy(() => import('../features/intake/IntakePage').then((m) => ({ default: m.IntakePage })));
const CaseList = lazy(() => import('../features/cases/CaseList').then((m) => ({ default: m.CaseList })));
// A case opens with what sync left for it (refused changes, conflicts) above the file.
const CaseFile = lazy(() => import('../features/sync/CaseSyncNotice').then((m) => ({ default: m.CaseWithSyncNotice })));
const TransfersPage = lazy(() => import('../features/transfers/TransfersPage').then((m) => ({ default: m.TransfersPage })));
const SearchPage = lazy(() => import('../features/search/SearchPage').then((m) => ({ default: m.SearchPage })));
const CataloguePage = lazy(() => import('../features/catalogue/CataloguePage').then((m) => ({ default: m.CataloguePage })));
const TemplatesPage = lazy(() => import('../features/templates/TemplatesPage').then((m) => ({ default: m.TemplatesPage })));
const UsersPage = lazy(() => import('../features/admin/AdminPages').then((m) => ({ default: m.UsersPage })));
const OrgsPage = lazy(() => import('../features/admin/AdminPages').then((m) => ({ default: m.OrgsPage })));
const CalendarPage = lazy(() => import('../features/admin/AdminPages').then((m) => ({ default: m.CalendarPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const AdmissionQueue = lazy(() => import('../features/admission/AdmissionQueue').then((m) => ({ default: m.AdmissionQueue })));
const InteractionsPage = lazy(() => import('../features/interactions/InteractionsPage').then((m) => ({ default: m.InteractionsPage })));
const StatsPage = lazy(() => import('../features/statistics/StatsPage').then((m) => ({ default: m.StatsPage })));
const PerformancePage = lazy(() => import('../features/statistics/PerformancePage').then((m) => ({ default: m.PerformancePage })));
const RatingsLedgerPage = lazy(() => import('../features/ratings/RatingsLedgerPage').then((m) => ({ default: m.RatingsLedgerPage })));
const SyncPage = lazy(() => import('../features/sync/SyncPage').then((m) => ({ default: m.SyncPage })));
const KnowledgePage = lazy(() => import('../features/knowledge/KnowledgePage').then((m) => ({ default: m.KnowledgePage })));
const ContactsPage = lazy(() => import('../features/contacts/ContactsPage').then((m) => ({ default: m.ContactsPage })));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const ArchivePage = lazy(() => import('../features/archive/ArchivePage').then((m) => ({ default: m.ArchivePage })));
const PrintPreview = lazy(() => import('../features/print/PrintPreview').then((m) => ({ default: m.PrintPreview })));

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard': return <Dashboard />;
    case 'intake': return <IntakePage />;
    case 'cases': return <CaseList />;
    case 'case': return <CaseFile key={route.id} id={route.id} tab={route.tab} />;
    case 'transfers': return <TransfersPage />;
    case 'interactions': return <InteractionsPage />;
    case 'stats': return <StatsPage />;
    case 'performance': return <PerformancePage />;
    case 'ratings': return <RatingsLedgerPage />;
    case 'search': return <SearchPage q={route.q} />;
    case 'catalogue': return <CataloguePage />;
    case 'templates': return <TemplatesPage />;
    case 'knowledge': return <KnowledgePage />;
    case 'contacts': return <ContactsPage />;
    case 'users': return <UsersPage />;
    case 'orgs': return <OrgsPage />;
    case 'calendar': return <CalendarPage />;
    case 'audit': return <AuditPage />;
    case 'admission': return <AdmissionQueue />;
    case 'sync': return <SyncPage />;
    case 'settings': return <SettingsPage />;
    case 'archive': return <ArchivePage key={route.caseId ?? ''} caseId={route.caseId} />;
    case 'print': return <PrintPreview caseId={route.caseId} kind={route.kind} extra={route.extra} />;
  }
}

export function Pages({ route }: { route: Route }) {
  return (
    <Suspense fallback={<div className="page"><Spin /></div>}>
      <Page route={route} />
    </Suspense>
  );
}
