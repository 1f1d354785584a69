// 工作台: counters, my cases, items due within 3 working days, overdue items, recent activity, the
// 好差评 and 政企互动 reminders (Reminders.tsx).
import { Alert, Button, Card, Col, List, Row, Space, Table, Tabs } from 'antd';
import type { DueItemDto } from '../../../shared/api/index';
import { useApi } from '../../lib/api';
import { mayCall } from '../../lib/access';
import { calendarWarningText } from '../../../shared/domain/calendar';
import { go } from '../../lib/router';
import { useSession } from '../../lib/session';
import { countLabel } from './count-label';
import { Reminders } from './Reminders';
import { CaseStatusTag, DaysLeft, dateOnly, dateTime, modeText } from '../../ui/format';

function Counter({ n, label, tone, onClick }: { n: number | undefined; label: string; tone?: string; onClick?: () => void }) {
  return (
    <Card size="small" className="counter-card" hoverable={!!onClick} onClick={onClick}>
      <div className={`counter-num ${tone ?? ''}`}>{n ?? '—'}</div>
      <div className="counter-label">{label}</div>
    </Card>
  );
}

function DueTable({ rows, empty }: { rows: DueItemDto[]; empty: string }) {
  return (
    <Table<DueItemDto>
      size="small"
      rowKey="planItemId"
      pagination={false}
      dataSource={rows}
      scroll={{ y: 190 }}
      locale={{ emptyText: empty }}
      onRow={(r) => ({ onClick: () => go({ page: 'case', id: r.caseId, tab: 'plan' }), style: { cursor: 'pointer' } })}
      columns={[
        { title: '案卷', dataIndex: 'caseNo', width: 168, className: 'nowrap' },
        { title: '事项', dataIndex: 'itemName', ellipsis: true },
        { title: '项目/申请人', dataIndex: 'caseTitle', ellipsis: true },
        { title: '到期', dataIndex: 'dueDate', width: 92 },
        { title: '剩余', width: 120, render: (_, r) => <DaysLeft days={r.workingDaysLeft} /> },
        { title: '代办员', dataIndex: 'agentName', width: 70 },
      ]}
    />
  );
}

export function Dashboard() {
  const user = useSession((s) => s.user)!;
  const { data, error } = useApi('dashboard.get', {});
  const c = data?.counters;
  return (
    <div className="page" data-testid="dashboard" data-ready={data ? '1' : '0'}>
      <div className="page-title">
        <h2>工作台 <span className="muted" style={{ fontWeight: 400, fontSize: 13 }}>{user.displayName}，{new Date().toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })}</span></h2>
        <Space>
          <Button onClick={() => go({ page: 'print', caseId: '-', kind: 'weekly' })}>本周进展报告</Button>
          {mayCall('intake.register', user) && <Button type="primary" onClick={() => go({ page: 'intake' })}>受理登记（Ctrl+N）</Button>}
        </Space>
      </div>
      {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 8 }} />}
      {data && calendarWarningText(data.calendarWarningYears) && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="calendar-warning" message={calendarWarningText(data.calendarWarningYears)}
          description="国务院办公厅通知发布后，请管理员在“工作日历”中录入放假和调休安排，在办事项的到期日会随之重新计算。" />
      )}
      {data && <Reminders reminders={data.reminders} />}
      <Row gutter={8} style={{ marginBottom: 8 }}>
        <Col span={4}><Counter n={c?.myCases} label="我的在办案卷" onClick={() => go({ page: 'cases' })} /></Col>
        <Col span={4}><Counter n={c?.openCases} label="本机构在办" onClick={() => go({ page: 'cases' })} /></Col>
        <Col span={4}><Counter n={c?.dueSoon} label="3个工作日内到期" tone="warn" /></Col>
        <Col span={4}><Counter n={c?.overdue} label="已超期事项" tone="danger" /></Col>
        <Col span={4}><Counter n={c?.pendingTransfers} label="待接收转办" tone={c?.pendingTransfers ? 'warn' : ''} onClick={() => go({ page: 'transfers' })} /></Col>
        <Col span={4}><Counter n={c?.completedThisMonth} label="本月办结" tone="ok" /></Col>
      </Row>
      <Row gutter={8}>
        <Col span={15}>
          <Card size="small" title={`我的案卷${data ? countLabel(data.myCases.length, c?.myCases) : ''}`} extra={<a onClick={() => go({ page: 'cases' })}>全部案卷</a>} style={{ marginBottom: 8 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data?.myCases ?? []}
              loading={!data && !error}
              scroll={{ y: 250 }}
              locale={{ emptyText: '暂无在办案卷' }}
              onRow={(r) => ({ onClick: () => go({ page: 'case', id: r.id }), style: { cursor: 'pointer' } })}
              columns={[
                { title: '编号', dataIndex: 'caseNo', width: 168, className: 'nowrap' },
                { title: '项目/事项', dataIndex: 'title', ellipsis: true },
                { title: '申请人', dataIndex: 'applicantName', ellipsis: true, width: 170 },
                { title: '方式', width: 92, render: (_, r) => modeText(r.mode, r.helpKind) },
                { title: '状态', width: 72, render: (_, r) => <CaseStatusTag status={r.status} /> },
                { title: '下一到期', width: 92, render: (_, r) => <span className={r.overdue ? 'danger' : ''}>{dateOnly(r.nextDue)}</span> },
              ]}
            />
          </Card>
          <Card size="small" styles={{ body: { paddingTop: 0 } }}>
            <Tabs
              size="small"
              items={[
                { key: 'due', label: <span data-testid="tab-due">即将到期{countLabel(data?.dueSoon.length ?? 0, c?.dueSoon)}</span>, children: <DueTable rows={data?.dueSoon ?? []} empty="3个工作日内没有到期事项" /> },
                { key: 'over', label: <span data-testid="tab-overdue" className={c?.overdue ? 'danger' : ''}>已超期{countLabel(data?.overdue.length ?? 0, c?.overdue)}</span>, children: <DueTable rows={data?.overdue ?? []} empty="没有超期事项" /> },
              ]}
            />
          </Card>
        </Col>
        <Col span={9}>
          <Card size="small" title="最近动态" styles={{ body: { maxHeight: 520, overflow: 'auto', padding: '4px 12px' } }}>
            <List
              size="small"
              dataSource={data?.recent ?? []}
              locale={{ emptyText: '暂无动态' }}
              renderItem={(a) => (
                <List.Item style={{ padding: '6px 0', cursor: a.caseId ? 'pointer' : 'default' }} onClick={() => a.caseId && go({ page: 'case', id: a.caseId })}>
                  <div style={{ fontSize: 12, width: '100%' }}>
                    <div data-testid="activity-text"><b>{a.who}</b> {a.text}</div>
                    <div className="muted" style={{ display: 'flex', justifyContent: 'space-between' }}><span>{a.action}</span><span>{dateTime(a.at)}</span></div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
