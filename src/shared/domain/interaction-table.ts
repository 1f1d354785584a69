// The quarter's 政企互动 table as Meizhou annex 2 draws it (各单位开展政企互动情况统计表: 时间, 地点,
// 参加企业, 活动内容, 备注, with 序号), for the page and the exported report alike.

export const INTERACTION_TABLE_TITLE = '各单位开展政企互动情况统计表';
export const INTERACTION_REPORT_NOTE = '请于每季度前 5 个工作日内报送上一季度活动开展情况。';

export interface InteractionRemarkSource {
  orgUnitId: string;
  orgUnitName: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

/**
 * 备注 of a row: a withdrawn record's reason (shown on the page only: the exported table leaves
 * withdrawn records out), else the office that held the event when it is one below the table's
 * office (a county's table lists its townships' events), else nothing.
 */
export function interactionRemark(r: InteractionRemarkSource, tableOfficeId: string | null): string {
  if (r.withdrawnAt) return `已撤回：${r.withdrawReason ?? ''}`;
  return tableOfficeId && r.orgUnitId !== tableOfficeId ? r.orgUnitName : '';
}
