// Every feature's handlers, by origin name (for the duplicate-name message at start-up).
import { archiveHandlers } from '../features/archive/handlers';
import { applicantsHandlers } from '../features/applicants/handlers';
import { attachmentsHandlers } from '../features/attachments/handlers';
import { documentsHandlers } from '../features/documents/handlers';
import { evaluationsHandlers } from '../features/evaluations/handlers';
import { guideHandlers } from '../features/guide/handlers';
import { auditHandlers } from '../features/audit/handlers';
import { authHandlers } from '../features/auth/handlers';
import { calendarHandlers } from '../features/calendar/handlers';
import { casesHandlers } from '../features/cases/handlers';
import { catalogHandlers } from '../features/catalog/handlers';
import { correctionsHandlers } from '../features/corrections/handlers';
import { dashboardHandlers } from '../features/dashboard/handlers';
import { entrustmentsHandlers } from '../features/entrustments/handlers';
import { intakeHandlers } from '../features/intake/handlers';
import { contactsHandlers } from '../features/contacts/handlers';
import { knowledgeHandlers } from '../features/knowledge/handlers';
import { interactionsHandlers } from '../features/interactions/handlers';
import { materialsHandlers } from '../features/materials/handlers';
import { orgUnitsHandlers } from '../features/org-units/handlers';
import { plansHandlers } from '../features/plans/handlers';
import { problemsHandlers } from '../features/problems/handlers';
import { progressHandlers } from '../features/progress/handlers';
import { searchHandlers } from '../features/search/handlers';
import { settingsHandlers } from '../features/settings/handlers';
import { reportsHandlers } from '../features/reports/handlers';
import { statisticsHandlers } from '../features/statistics/handlers';
import { syncHandlers } from '../features/sync/handlers';
import { templatesHandlers } from '../features/templates/handlers';
import { transfersHandlers } from '../features/transfers/handlers';
import type { BackendDeps } from './backend';
import type { HandlerMap } from './registry';

type AnyHandlers = Partial<HandlerMap<BackendDeps>>;

export const FEATURE_HANDLERS: Array<[string, AnyHandlers]> = [
  ['auth', authHandlers],
  ['cases', casesHandlers],
  ['intake', intakeHandlers],
  ['corrections', correctionsHandlers],
  ['plans', plansHandlers],
  ['progress', progressHandlers],
  ['problems', problemsHandlers],
  ['materials', materialsHandlers],
  ['attachments', attachmentsHandlers],
  ['entrustments', entrustmentsHandlers],
  ['transfers', transfersHandlers],
  ['search', searchHandlers],
  ['catalog', catalogHandlers],
  ['calendar', calendarHandlers],
  ['audit', auditHandlers],
  ['org-units', orgUnitsHandlers],
  ['dashboard', dashboardHandlers],
  ['applicants', applicantsHandlers],
  ['evaluations', evaluationsHandlers],
  ['documents', documentsHandlers],
  ['interactions', interactionsHandlers],
  ['sync', syncHandlers],
  ['guide', guideHandlers],
  ['archive', archiveHandlers],
  ['knowledge', knowledgeHandlers],
  ['contacts', contactsHandlers],
  ['settings', settingsHandlers],
  ['templates', templatesHandlers],
  ['statistics', statisticsHandlers],
  ['reports', reportsHandlers],
];
