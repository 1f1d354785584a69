// 部门联络表 as a report (src/shared/reports/report.ts): one office's directory — the office named by
// params.orgCode, or the caller's — one row per person, departments in the list's order and each
// department's people in the annex's order (分管领导, 业务负责人, 审批骨干). The generic writers
// (src/main/reports/) turn it into .xlsx and PDF; the period is not used (a directory has none).
import type { Report, ReportParams } from '../../../shared/reports/report.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { authorize, orgInfo, topOffice, type ServiceContext } from '../context.js';
import { listContacts } from './service.js';

export const CONTACTS_REPORT_COLUMNS = ['部门', '职务类别', '姓名', '职务', '手机', '办公电话', '分管业务'] as const;

function officeOf(ctx: ServiceContext, orgCode: string | undefined): string {
  if (orgCode) {
    const o = ctx.store.rows(t.orgUnits, 'code = ? AND deleted_at IS NULL', orgCode)[0];
    if (!o) throw new DomainError('not_found', `没有机构代码为 ${orgCode} 的机构`);
    return o.id;
  }
  if (ctx.actor.orgUnitId) return ctx.actor.orgUnitId;
  // An admin of no office (the CLI): the top office's directory.
  const root = topOffice(ctx.store);
  if (!root) throw new DomainError('invalid_input', '请指定机构代码（本机尚未设立机构）');
  return root;
}

export function buildContactsReport(ctx: ServiceContext, params: Pick<ReportParams, 'orgCode'> & Partial<ReportParams>): Report {
  authorize(ctx, 'contacts.list');
  const orgUnitId = officeOf(ctx, params.orgCode);
  const { departments } = listContacts(ctx, { orgUnitId });
  const rows = departments.flatMap((d) => d.people.map((p) => [d.department, p.roleLabel, p.name, p.post, p.mobile, p.officePhone, p.business]));
  const office = orgInfo(ctx.store, orgUnitId);
  return {
    header: { title: '部门联络表', officeName: office?.name ?? '', period: null },
    tables: [{
      sheetName: '部门联络表',
      title: '部门联络表',
      columns: CONTACTS_REPORT_COLUMNS.map((header) => ({ header, kind: 'text' as const, ...(header === '分管业务' ? { width: 40 } : header === '部门' ? { width: 24 } : {}) })),
      rows,
      ...(rows.length ? {} : { note: '本机构的部门联络表尚无登记' }),
    }],
  };
}
