// 统计分析 (leaders, admins; an agent sees their own cases): a period and an office subtree, the
// headline figures beside the period before, and per section a chart with its numbers beside it.
// Every bar, point and number opens the cases behind it (stats.cases, the same conditions).
import { Alert, Card, Col, Empty, Row, Segmented, Space, Spin, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { DrillMeasure, StatCount, StatsDto } from '../../../shared/api/index';
import { nowPrevChart, statsCharts } from '../../../shared/reports/stats-charts';
import { periodText } from '../../../shared/reports/report';
import { useApi } from '../../lib/api';
import { CaseDrawer } from '../reports/CaseDrawer';
import { Chart } from '../reports/Chart';
import { ExportButtons } from '../reports/ExportButtons';
import { Figure } from '../reports/Figure';
import { initialPeriod, PeriodFilter, type PeriodValue } from '../reports/PeriodFilter';

interface DrillTarget { title: string; measure: DrillMeasure; key?: string }
const PAGE_SIZE = 20;

function DrillDrawer({ period, target, onClose }: { period: PeriodValue; target: DrillTarget | null; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const { kind: _kind, ...params } = period;
  const q = useApi('stats.cases', target ? { ...params, measure: target.measure, ...(target.key ? { key: target.key } : {}), offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } : null);
  return (
    <CaseDrawer
      title={target?.title ?? null}
      cases={q.data?.cases}
      total={q.data?.total}
      loading={q.loading}
      error={q.error}
      page={{ current: page, pageSize: PAGE_SIZE, onChange: setPage }}
      onClose={() => { setPage(1); onClose(); }}
    />
  );
}

const pct = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1)}%` : '—');
const days = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const linkCell = (text: string | number, onClick: () => void, testId?: string) => (
  <Typography.Link onClick={onClick} data-testid={testId}>{text}</Typography.Link>
);

type Dimension = 'byChannel' | 'byMode' | 'byHelpKind' | 'byCategory' | 'byOffice';
const DIMENSIONS: Array<{ value: Dimension; label: string }> = [
  { value: 'byChannel', label: '受理渠道' },
  { value: 'byMode', label: '服务方式' },
  { value: 'byHelpKind', label: '帮办方式' },
  { value: 'byCategory', label: '项目类别' },
  { value: 'byOffice', label: '机构' },
];

function ReceivedCard({ s, drill }: { s: StatsDto; drill: (t: DrillTarget) => void }) {
  const [dim, setDim] = useState<Dimension>('byChannel');
  const counts = s.received[dim];
  const name = DIMENSIONS.find((d) => d.value === dim)!.label;
  const open = (c: StatCount) => drill({ title: `受理·${name}·${c.label}`, measure: 'received', key: c.key });
  return (
    <Card title="受理情况" extra={<Segmented<Dimension> size="small" value={dim} options={DIMENSIONS} onChange={setDim} data-testid="received-dimension" />}>
      <Row gutter={16}>
        <Col xs={24} lg={14}><Chart chart={nowPrevChart(`受理·${name}`, counts)} onPick={(i) => counts[i] && open(counts[i]!)} data-testid="chart-received" /></Col>
        <Col xs={24} lg={10}>
          <Table<StatCount>
            size="small" rowKey="key" pagination={false} dataSource={counts} data-testid="table-received"
            columns={[
              { title: name, dataIndex: 'label' },
              { title: '本期', align: 'right', render: (_, c) => linkCell(c.value, () => open(c)) },
              { title: '上期', dataIndex: 'previous', align: 'right' },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

export function StatsPage() {
  const [period, setPeriod] = useState<PeriodValue>(() => initialPeriod('month'));
  const [target, setTarget] = useState<DrillTarget | null>(null);
  const { kind: _kind, ...params } = period;
  const stats = useApi('stats.overview', params);
  const s = stats.data;
  const charts = useMemo(() => (s ? statsCharts(s) : null), [s]);
  const drill = setTarget;

  return (
    <div className="page" data-testid="stats-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>统计分析</Typography.Title>
        <ExportButtons kind="stats" params={params} />
      </Space>
      <div style={{ margin: '12px 0' }}><PeriodFilter value={period} onChange={setPeriod} /></div>
      {stats.error && <Alert type="error" showIcon title={stats.error} style={{ marginBottom: 12 }} />}
      {!s ? <Spin /> : (
        <Spin spinning={stats.loading}>
          <Typography.Paragraph type="secondary" data-testid="stats-caption">
            {s.officeName} · {periodText(s.period)}（对比 {periodText(s.previous)}）{s.agentOnly ? ' · 仅本人代办的案件' : ''}
          </Typography.Paragraph>
          <Space wrap size={12} style={{ marginBottom: 16 }}>
            <Figure title="受理" unit="件" value={s.headline.received.value} previous={s.headline.received.previous} onClick={() => drill({ title: '本期受理', measure: 'received' })} testId="figure-received" />
            <Figure title="办结" unit="件" value={s.headline.completed.value} previous={s.headline.completed.previous} onClick={() => drill({ title: '本期办结', measure: 'completed' })} testId="figure-completed" />
            <Figure title="按时办结率" percent value={s.headline.onTimeRate.value} previous={s.headline.onTimeRate.previous} onClick={() => drill({ title: '逾期办结', measure: 'late' })} testId="figure-ontime" />
            <Figure title="平均办理用时" unit="个工作日" value={s.headline.avgCaseWorkdays.value} previous={s.headline.avgCaseWorkdays.previous} />
            <Figure title="接力办" unit="次" value={s.headline.transfers.value} previous={s.headline.transfers.previous} onClick={() => drill({ title: '本期接力办', measure: 'transfers' })} testId="figure-transfers" />
          </Space>
          <Row gutter={[16, 16]}>
            <Col span={24}><ReceivedCard s={s} drill={drill} /></Col>
            <Col xs={24} xl={12}>
              <Card title="受理与办结趋势"><Chart chart={charts!.trend} /></Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title="办结情况（按时/逾期）">
                <Chart chart={charts!.offices} height={220} onPick={(i, series) => {
                  const o = s.completed.byOffice[i];
                  if (o) drill({ title: `${o.label}·${series === 0 ? '按时' : '逾期'}办结`, measure: series === 0 ? 'onTime' : 'late', key: o.key });
                }} data-testid="chart-completed" />
                <Table size="small" rowKey="key" pagination={false} dataSource={s.completed.byOffice} data-testid="table-completed"
                  columns={[
                    { title: '机构', dataIndex: 'label' },
                    { title: '办结', dataIndex: 'completed', align: 'right' },
                    { title: '按时', align: 'right', render: (_, o) => linkCell(o.onTime, () => drill({ title: `${o.label}·按时办结`, measure: 'onTime', key: o.key })) },
                    { title: '逾期', align: 'right', render: (_, o) => linkCell(o.late, () => drill({ title: `${o.label}·逾期办结`, measure: 'late', key: o.key })) },
                    { title: '按时率', align: 'right', render: (_, o) => pct(o.onTime, o.completed) },
                  ]} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title="各审批阶段用时">
                {s.stages.length === 0 ? <Empty description="本期没有办结的审批事项" /> : (
                  <>
                    <Chart chart={charts!.stages} height={220} onPick={(i) => { const st = s.stages[i]; if (st) drill({ title: `${st.label}·办结事项`, measure: 'itemsDone', key: `stage:${st.stage}` }); }} />
                    <Table size="small" rowKey="stage" pagination={false} dataSource={s.stages}
                      columns={[
                        { title: '阶段', dataIndex: 'label' },
                        { title: '办结事项', align: 'right', render: (_, st) => linkCell(st.items, () => drill({ title: `${st.label}·办结事项`, measure: 'itemsDone', key: `stage:${st.stage}` })) },
                        { title: '逾期', align: 'right', render: (_, st) => linkCell(st.late, () => drill({ title: `${st.label}·逾期事项`, measure: 'itemsLate', key: `stage:${st.stage}` })) },
                        { title: '平均用时（工作日）', align: 'right', render: (_, st) => days(st.avgWorkdays) },
                      ]} />
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title="各审批事项用时（本期办结）">
                <Table size="small" rowKey="code" dataSource={s.catalogItems} pagination={{ pageSize: 8, showSizeChanger: false }}
                  columns={[
                    { title: '事项', dataIndex: 'name', ellipsis: true },
                    { title: '部门', dataIndex: 'department', width: 130, ellipsis: true },
                    { title: '办结', align: 'right', width: 60, sorter: (a, b) => a.items - b.items, render: (_, x) => linkCell(x.items, () => drill({ title: `${x.name}·办结`, measure: 'itemsDone', key: `code:${x.code}` })) },
                    { title: '逾期', align: 'right', width: 60, sorter: (a, b) => a.late - b.late, render: (_, x) => linkCell(x.late, () => drill({ title: `${x.name}·逾期`, measure: 'itemsLate', key: `code:${x.code}` })) },
                    { title: '平均工作日', align: 'right', width: 90, sorter: (a, b) => (a.avgWorkdays ?? 0) - (b.avgWorkdays ?? 0), render: (_, x) => days(x.avgWorkdays) },
                  ]} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={`待补正事项（当前 ${s.correcting.total} 项）`} extra={linkCell('查看案件', () => drill({ title: '待补正事项所在案件', measure: 'correcting' }))}>
                <Table size="small" rowKey={(r) => `${r.caseId}-${r.itemName}`} pagination={{ pageSize: 6, showSizeChanger: false }} dataSource={s.correcting.longest} data-testid="table-correcting"
                  locale={{ emptyText: '没有等待补正的事项' }}
                  columns={[
                    { title: '案卷编号', dataIndex: 'caseNo', width: 150 },
                    { title: '事项', dataIndex: 'itemName', ellipsis: true },
                    { title: '部门', dataIndex: 'department', width: 120, ellipsis: true },
                    { title: '补正起始', dataIndex: 'since', width: 96 },
                    { title: '已等待', width: 80, align: 'right', render: (_, r) => `${r.workdays} 个工作日` },
                  ]} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={`问题分析（协调中 ${s.problems.total} 个）`}>
                {s.problems.total === 0 ? <Empty description="没有待协调的问题" /> : (
                  <>
                    <Chart chart={charts!.problems} height={220} onPick={(i) => { const d = s.problems.byDepartment[i]; if (d) drill({ title: `${d.department}·待协调问题`, measure: 'problems', key: `department:${d.department}` }); }} />
                    <Table size="small" rowKey="department" pagination={false} dataSource={s.problems.byDepartment}
                      columns={[
                        { title: '涉及部门', dataIndex: 'department' },
                        { title: '合计', align: 'right', render: (_, d) => linkCell(d.total, () => drill({ title: `${d.department}·待协调问题`, measure: 'problems', key: `department:${d.department}` })) },
                        { title: '5日内', dataIndex: 'upTo5', align: 'right' },
                        { title: '6–10日', dataIndex: 'upTo10', align: 'right' },
                        { title: '11–20日', dataIndex: 'upTo20', align: 'right' },
                        { title: '20日以上', dataIndex: 'over20', align: 'right' },
                        { title: '最久', align: 'right', render: (_, d) => `${d.oldest} 个工作日` },
                      ]} />
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title="接力办（转办、联办）">
                <Table size="small" rowKey="kind" pagination={false} dataSource={s.transfers.byKind} data-testid="table-transfers"
                  columns={[
                    { title: '类型', dataIndex: 'label' },
                    { title: '发出', align: 'right', render: (_, k) => linkCell(k.sent, () => drill({ title: `${k.label}·本期发出`, measure: 'transfers', key: `kind:${k.kind}` })) },
                    { title: '已接收', dataIndex: 'accepted', align: 'right' },
                    { title: '已退回', dataIndex: 'returned', align: 'right' },
                    { title: '待接收', dataIndex: 'pending', align: 'right' },
                    { title: '平均等待（工作日）', align: 'right', render: (_, k) => days(k.avgWaitWorkdays) },
                  ]} />
                <div style={{ marginTop: 8 }}>
                  {linkCell(`已退回的接力办案件`, () => drill({ title: '本期退回的接力办', measure: 'transfers', key: 'status:returned' }))}
                </div>
              </Card>
            </Col>
          </Row>
        </Spin>
      )}
      <DrillDrawer period={period} target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
