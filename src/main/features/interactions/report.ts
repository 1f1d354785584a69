// The 政企互动 report (Meizhou annex 2, 各单位开展政企互动情况统计表) of a period for an office and the
// offices below it: 序号, 时间, 地点, 参加企业, 活动内容, 备注, under the header lines 填报单位, 填报时间,
// the quarter, 填报人 and phones. Withdrawn records are left out of the table.
import type { z } from 'zod';
import { INTERACTION_REPORT_NOTE, INTERACTION_TABLE_TITLE, interactionRemark } from '../../../shared/domain/interaction-table.js';
import { quarterOfPeriod, quarterText } from '../../../shared/domain/quarter.js';
import { DomainError } from '../../../shared/errors.js';
import { periodText, reportParamsSchema, type Report } from '../../../shared/reports/report.js';
import { authorize, orgInfo, sql, type ServiceContext } from '../context.js';
import { reportOffice } from '../report-office.js';

interface Row { id: string; org_unit_id: string; held_date: string; place: string; enterprises: string; content: string }

function parse(raw: unknown): z.output<typeof reportParamsSchema> {
  const r = reportParamsSchema.safeParse(raw);
  if (r.success) return r.data;
  throw new DomainError('invalid_input', r.error.issues[0]?.message ?? '输入无效');
}

function officeNameOf(ctx: ServiceContext, id: string): string {
  const o = orgInfo(ctx.store, id);
  return o?.officeName || o?.name || '';
}

export function buildInteractionsReport(ctx: ServiceContext, raw: z.input<typeof reportParamsSchema>): Report {
  authorize(ctx, 'interaction.list');
  // Run from the CLI there is no signed-in user: 填报人 and 联系手机 stay blank to fill in by hand.
  const userId = ctx.actor.userId;
  const params = parse(raw);
  const office = reportOffice(ctx, params.orgCode);
  const rows = ctx.store.db
    .prepare(
      `SELECT id, org_unit_id, held_date, place, enterprises, content FROM interactions
       WHERE deleted_at IS NULL AND withdrawn_at IS NULL AND held_date >= ? AND held_date <= ?
       ${office ? 'AND org_unit_id IN (SELECT value FROM json_each(?))' : ''}
       ORDER BY held_date, id`,
    )
    .all(params.from, params.to, ...(office ? [JSON.stringify([...office.subtree])] : [])) as Row[];
  const me = sql(ctx.store, 'SELECT display_name, phone FROM users WHERE id = ?').get(userId ?? '') as { display_name: string; phone: string } | undefined;
  const officePhone = office ? ((sql(ctx.store, 'SELECT phone FROM org_units WHERE id = ?').pluck().get(office.id) as string | undefined) ?? '') : '';
  const quarter = quarterOfPeriod(params.from, params.to);
  const officeName = office?.name ?? '全部机构';
  return {
    header: {
      title: '政企互动情况统计表',
      officeName,
      period: { from: params.from, to: params.to },
      lines: [
        `填报单位：${officeName}`,
        `填报时间：${periodText({ from: ctx.store.today(), to: ctx.store.today() })}`,
        `统计期间：${quarter ? quarterText(quarter) : periodText(params)}`,
        `填报人：${me?.display_name ?? ''}`,
        `办公电话：${officePhone}`,
        `联系手机：${me?.phone ?? ''}`,
      ],
    },
    tables: [
      {
        sheetName: '政企互动',
        title: INTERACTION_TABLE_TITLE,
        columns: [
          { header: '序号', kind: 'int', width: 6 },
          { header: '时间', kind: 'date', width: 12 },
          { header: '地点', kind: 'text', width: 24 },
          { header: '参加企业', kind: 'text', width: 40 },
          { header: '活动内容', kind: 'text', width: 60 },
          { header: '备注', kind: 'text', width: 24 },
        ],
        rows: rows.map((r, i) => [
          i + 1,
          r.held_date,
          r.place,
          r.enterprises,
          r.content,
          interactionRemark({ orgUnitId: r.org_unit_id, orgUnitName: officeNameOf(ctx, r.org_unit_id), withdrawnAt: null, withdrawReason: null }, office?.id ?? null),
        ]),
        note: INTERACTION_REPORT_NOTE,
      },
    ],
  };
}
