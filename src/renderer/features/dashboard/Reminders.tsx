// The 工作台's reminders: 差评 still lacking a callback or a rectification entry, rectifications due
// within 3 working days or overdue (each linking to its case; the 好差评台账 for those who may open
// it), and in a quarter's first 5 working days the previous quarter's 政企互动情况统计表.
import { Alert, Card, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { DashboardRemindersDto } from '../../../shared/api/index';
import { EVALUATION_LEVELS } from '../../../shared/domain/enums';
import { quarterText } from '../../../shared/domain/quarter';
import { go } from '../../lib/router';
import { useMayCall } from '../../lib/use-may-call';
import { DaysLeft, label } from '../../ui/format';

function InteractionReportReminder({ r }: { r: NonNullable<DashboardRemindersDto['interactionReport']> }) {
  return (
    <Alert type="info" showIcon style={{ marginBottom: 8 }} data-testid="interaction-report-reminder"
      title={`请于${r.dueBy}前报送${quarterText({ year: r.year, quarter: r.quarter as 1 | 2 | 3 | 4 })}政企互动情况统计表（本机构及下级机构已登记 ${r.recorded} 次活动）`}
      action={<a onClick={() => go({ page: 'interactions' })}>打开政企互动</a>} />
  );
}

export function Reminders({ reminders }: { reminders: DashboardRemindersDto }) {
  const canLedger = useMayCall('ratings.ledger');
  const r = reminders.ratings;
  const any = r && (r.followUpCount > 0 || r.rectificationCount > 0);
  const items: Array<{ key: string; caseId: string; text: ReactNode }> = r ? [
    ...r.followUps.map((f) => ({
      key: f.evaluationId, caseId: f.caseId,
      text: <>{f.caseNo} {f.title} · <Tag color="red">{label(EVALUATION_LEVELS, f.level)}</Tag>{f.evaluatedDate} · {[f.missingCallback && '未回访', f.missingRectification && '未登记整改'].filter(Boolean).join('、')}</>,
    })),
    ...r.rectifications.map((x) => ({
      key: x.rectificationId, caseId: x.caseId,
      text: <>{x.caseNo} 整改“{x.measure}” · {x.responsibleName} · 期限 {x.dueDate} <DaysLeft days={x.workingDaysLeft} /></>,
    })),
  ] : [];
  return (
    <>
      {reminders.interactionReport && <InteractionReportReminder r={reminders.interactionReport} />}
      {any && (
        <Card size="small" style={{ marginBottom: 8 }} data-testid="rating-reminders"
          title={<Space>好差评待办{r.followUpCount > 0 && <Tag color="red">差评待回访/整改 {r.followUpCount}</Tag>}{r.rectificationCount > 0 && <Tag color="orange">整改到期 {r.rectificationCount}{r.overdueCount ? `（已超期 ${r.overdueCount}）` : ''}</Tag>}</Space>}
          extra={canLedger && <a onClick={() => go({ page: 'ratings' })}>好差评台账</a>}>
          <div style={{ maxHeight: 160, overflow: 'auto' }}>
            {items.map((i) => (
              <div key={i.key} className="reminder-row" style={{ padding: '4px 0', cursor: 'pointer', fontSize: 12, borderBottom: '1px solid #f0f0f0' }} data-testid="rating-reminder"
                onClick={() => go({ page: 'case', id: i.caseId, tab: 'evaluation' })}>{i.text}</div>
            ))}
          </div>
        </Card>
      )}
    </>
  );
}
