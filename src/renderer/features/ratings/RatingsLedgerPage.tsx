// 好差评台账: a period's ratings in the caller's office subtree (an office within it; agents their
// own cases), every bad rating with its callbacks and rectifications — those keeping 回访率 or
// 整改率 below 100 % first — and the actions that close them.
import { Alert, Card, Col, Row, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import type { BadRatingDto, RatingRowDto } from '../../../shared/api/index';
import { EVALUATION_LEVELS, EVALUATION_SOURCES } from '../../../shared/domain/enums';
import { useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { DaysLeft, label } from '../../ui/format';
import { ExportButtons } from '../reports/ExportButtons';
import { initialPeriod, PeriodFilter, type PeriodValue } from '../reports/PeriodFilter';
import { CallbackButton, CompleteButton, RectificationButton } from './FollowUpActions';

const percent = (x: number | undefined) => (x === undefined ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);

function Stat({ n, title, testId, tone, hint }: { n: string | number | undefined; title: string; testId: string; tone?: string; hint?: string }) {
  return (
    <Card size="small" className="counter-card">
      <Tooltip title={hint}><div className={`counter-num ${tone ?? ''}`} data-testid={testId}>{n ?? '—'}</div></Tooltip>
      <div className="counter-label">{title}</div>
    </Card>
  );
}

function LevelTag({ level }: { level: number }) {
  return <Tag color={level <= 2 ? 'red' : level === 3 ? 'gold' : 'green'}>{label(EVALUATION_LEVELS, level)}</Tag>;
}

function CaseLink({ r }: { r: RatingRowDto }) {
  return <a onClick={() => go({ page: 'case', id: r.caseId, tab: 'evaluation' })}>{r.caseNo}</a>;
}

function BadTable({ rows }: { rows: BadRatingDto[] }) {
  return (
    <Table<BadRatingDto> size="small" rowKey="evaluationId" dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: '本期没有差评' }}
      onRow={(r) => ({ 'data-testid': 'bad-row', 'data-case-no': r.caseNo } as HTMLAttributes<HTMLElement>)}
      columns={[
        { title: '案卷', width: 165, className: 'nowrap', render: (_, r) => <CaseLink r={r} /> },
        { title: '项目/事项', dataIndex: 'title', width: 150 },
        { title: '代办员', dataIndex: 'agentName', width: 64 },
        { title: '评价', width: 140, render: (_, r) => <><LevelTag level={r.level} /><span className="muted">{r.evaluatedDate}</span><div>{r.comment}</div></> },
        {
          title: '回访', width: 190, render: (_, r) => (
            <>
              {r.callbacks.map((c) => <div key={c.id} style={{ whiteSpace: 'normal' }}>{c.calledDate} {c.byName}：{c.result}</div>)}
              {r.callbacks.length === 0 && <Tag color="red">未回访</Tag>}
              {r.callbacks.length === 0 && <CallbackButton evaluationId={r.evaluationId} caseNo={r.caseNo} />}
            </>
          ),
        },
        {
          title: '整改（问题 · 措施 · 责任人 · 期限 · 完成）', width: 330, render: (_, r) => (
            <>
              {r.rectifications.map((x) => (
                <div key={x.id} data-testid="ledger-rectification-row">
                  <div>{x.problem} → {x.measure}</div>
                  <div className="muted">
                    {x.responsibleName} · 期限 {x.dueDate}（{x.workdaysGiven}个工作日）·{' '}
                    {x.doneDate ? <>{x.doneDate}完成 <Tag color={x.onTime ? 'green' : 'orange'}>{x.onTime ? '按期' : '逾期完成'}</Tag></>
                      : <><DaysLeft days={x.workingDaysLeft} /><CompleteButton rectificationId={x.id} /></>}
                  </div>
                </div>
              ))}
              {r.rectifications.length === 0 && <Tag color="red">未登记整改</Tag>}
              <RectificationButton evaluationId={r.evaluationId} caseNo={r.caseNo} />
            </>
          ),
        },
        { title: '待办', width: 100, render: (_, r) => (r.missing.length ? r.missing.map((m) => <Tag key={m} color="red">{m}</Tag>) : <Tag color="green">已完成</Tag>) },
      ]} />
  );
}

function RatingsTable({ rows }: { rows: RatingRowDto[] }) {
  return (
    <Table<RatingRowDto> size="small" rowKey="evaluationId" dataSource={rows} pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }} locale={{ emptyText: '本期没有评价' }}
      columns={[
        { title: '案卷', width: 170, className: 'nowrap', render: (_, r) => <CaseLink r={r} /> },
        { title: '项目/事项', dataIndex: 'title', ellipsis: true },
        { title: '代办员', dataIndex: 'agentName', width: 80 },
        { title: '受理机构', dataIndex: 'orgUnitName', width: 120, ellipsis: true },
        { title: '渠道', width: 70, render: (_, r) => label(EVALUATION_SOURCES, r.source) },
        { title: '评价', width: 100, render: (_, r) => <LevelTag level={r.level} /> },
        { title: '评价内容', dataIndex: 'comment', ellipsis: true },
        { title: '日期', dataIndex: 'evaluatedDate', width: 100 },
      ]} />
  );
}

export function RatingsLedgerPage() {
  const [period, setPeriod] = useState<PeriodValue>(() => initialPeriod('quarter'));
  const { kind: _kind, ...params } = period;
  const { data, error } = useApi('ratings.ledger', params);
  const t = data?.totals;
  const open = data?.bad.filter((b) => b.missing.length > 0).length ?? 0;
  return (
    <div className="page" data-testid="ratings-ledger" data-ready={data ? '1' : '0'}>
      <div className="page-title">
        <h2>好差评台账 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>{data?.office?.name}{data?.ownCasesOnly ? '（本人代办的案卷）' : ''}</span></h2>
        <Space>
          <ExportButtons kind="ratings" params={params} />
        </Space>
      </div>
      <div style={{ marginBottom: 8 }}><PeriodFilter value={period} onChange={setPeriod} /></div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Row gutter={8} style={{ marginBottom: 8 }}>
        <Col span={4}><Stat n={t?.ratings} title="评价数" testId="total-ratings" /></Col>
        <Col span={4}><Stat n={percent(t?.satisfactionRate)} title="满意率" testId="rate-satisfaction" tone="ok" hint="非常满意、满意、基本满意占评价数的比例" /></Col>
        <Col span={4}><Stat n={t?.badRatings} title="差评数" testId="total-bad" tone={t?.badRatings ? 'warn' : ''} /></Col>
        <Col span={4}><Stat n={percent(t?.callbackRate)} title="回访率" testId="rate-callback" tone={t && t.callbackRate < 1 ? 'danger' : 'ok'} hint="已回访的差评占差评数的比例（目标100%）" /></Col>
        <Col span={4}><Stat n={percent(t?.rectificationRate)} title="整改率" testId="rate-rectification" tone={t && t.rectificationRate < 1 ? 'danger' : 'ok'} hint="已登记整改且整改全部完成的差评占差评数的比例（目标100%）" /></Col>
        <Col span={4}><Stat n={percent(t?.registeredRate)} title="已登记整改" testId="rate-registered" hint={`已登记整改措施（不论是否完成）的差评占差评数的比例；按期完成 ${t?.doneOnTime ?? 0} 项，逾期完成 ${t?.doneLate ?? 0} 项`} /></Col>
      </Row>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs size="small" items={[
          { key: 'bad', label: <span data-testid="tab-bad">差评回访整改（{data?.bad.length ?? 0}{open ? `，待办 ${open}` : ''}）</span>, children: <BadTable rows={data?.bad ?? []} /> },
          { key: 'all', label: <span data-testid="tab-all">评价明细（{data?.ratings.length ?? 0}）</span>, children: <RatingsTable rows={data?.ratings ?? []} /> },
        ]} />
      </Card>
    </div>
  );
}
