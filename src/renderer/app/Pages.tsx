import type { Route } from '../lib/router';
import { Dashboard } from '../features/dashboard/Dashboard';
import { IntakePage } from '../features/intake/IntakePage';
import { CaseList } from '../features/cases/CaseList';
import { CaseFile } from '../features/cases/CaseFile';
import { TransfersPage } from '../features/transfers/TransfersPage';
import { SearchPage } from '../features/search/SearchPage';
import { CataloguePage, TemplatesPage } from '../features/catalogue/CataloguePage';
import { AuditPage, CalendarPage, OrgsPage, UsersPage } from '../features/admin/AdminPages';
import { PrintPreview } from '../features/print/PrintPreview';

export function Pages({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard': return <Dashboard />;
    case 'intake': return <IntakePage />;
    case 'cases': return <CaseList />;
    case 'case': return <CaseFile key={route.id} id={route.id} tab={route.tab} />;
    case 'transfers': return <TransfersPage />;
    case 'search': return <SearchPage q={route.q} />;
    case 'catalogue': return <CataloguePage />;
    case 'templates': return <TemplatesPage />;
    case 'users': return <UsersPage />;
    case 'orgs': return <OrgsPage />;
    case 'calendar': return <CalendarPage />;
    case 'audit': return <AuditPage />;
    case 'print': return <PrintPreview caseId={route.caseId} kind={route.kind} extra={route.extra} />;
  }
}
