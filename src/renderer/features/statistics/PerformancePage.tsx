// 代办员绩效: per agent and period — cases handled and completed, hours logged, on-time rate,
// satisfaction and the bad ratings' rectification; 专职 and 兼职 shown apart, sortable, each row
// opening the agent's cases.
import { Alert, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { AgentPerformanceDto } from '../../../shared/api/index';
import { periodText } from '../../../shared/reports/report';
import { useApi } from '../../lib/api';
import { CaseDrawer } from '../reports/CaseDrawer';
import { Chart } from '../reports/Chart';
import { ExportButtons } from '../reports/ExportButtons';
import { initialPeriod, PeriodFilter, type PeriodValue } from '../reports/PeriodFilter';

const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? -1 : v);

const COLUMNS: ColumnsType<AgentPerformanceDto> = [
  { title: '代办员', dataIndex: 'name', fixed: 'left', width: 90 },
  { title: '所属机构', dataIndex: 'officeName', width: 120, ellipsis: true },
  { title: '经办案件', dataIndex: 'handled', align: 'right', sorter: (a, b) => a.handled - b.handled },
  { title: '办结', dataIndex: 'completed', align: 'right', sorter: (a, b) => a.completed - b.completed, defaultSortOrder: 'descend' },
  { title: '工作时长（小时）', dataIndex: 'hours', align: 'right', sorter: (a, b) => a.hours - b.hours },
  { title: '按时办结率', align: 'right', sorter: (a, b) => num(a.onTimeRate) - num(b.onTimeRate), render: (_, r) => share(r.onTimeRate) },
  { title: '评价数', dataIndex: 'ratings', align: 'right', sorter: (a, b) => a.ratings - b.ratings },
  { title: '平均评价', align: 'right', sorter: (a, b) => num(a.avgLevel) - num(b.avgLevel), render: (_, r) => (r.avgLevel === null ? '—' : r.avgLevel.toFixed(2)) },
  { title: '满意率', align: 'right', sorter: (a, b) => num(a.satisfiedRate) - num(b.satisfiedRate), render: (_, r) => share(r.satisfiedRate) },
  { title: '差评', dataIndex: 'badRatings', align: 'right', sorter: (a, b) => a.badRatings - b.badRatings },
  {
    title: '整改',
    render: (_, r) => r.badRatings === 0 ? '—' : (
      <Space size={2} wrap>
        {r.rectificationsDone > 0 && <Tag color="green">已完成 {r.rectificationsDone}</Tag>}
        {r.rectificationsOpen > 0 && <Tag color="gold">整改中 {r.rectificationsOpen}</Tag>}
        {r.rectificationsMissing > 0 && <Tag color="red">未登记 {r.rectificationsMissing}</Tag>}
      </Space>
    ),
  },
];

export function PerformancePage() {
  const [period, setPeriod] = useState<PeriodValue>(() => initialPeriod('month'));
  const [agent, setAgent] = useState<AgentPerformanceDto | null>(null);
  const { kind: _kind, ...params } = period;
  const list = useApi('performance.list', params);
  const cases = useApi('performance.cases', agent ? { ...params, userId: agent.userId } : null);
  const rows = useMemo(() => list.data ?? [], [list.data]);
  const groups: Array<[string, AgentPerformanceDto[]]> = [
    ['专职代办员', rows.filter((r) => r.agentKind === 'fullTime')],
    ['兼职代办员', rows.filter((r) => r.agentKind === 'partTime')],
    ['未注明专兼职', rows.filter((r) => r.agentKind === null)],
  ];
  const top = rows.slice(0, 15);
  return (
    <div className="page" data-testid="performance-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>代办员绩效</Typography.Title>
        <ExportButtons kind="performance" params={params} />
      </Space>
      <div style={{ margin: '12px 0' }}><PeriodFilter value={period} onChange={setPeriod} /></div>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{periodText(params)} · 工作时长来自进展记录；满意率为评价“满意”“非常满意”的占比；点击一行查看其经办案件</Typography.Paragraph>
      {top.length > 0 && (
        <Card style={{ marginBottom: 16 }}>
          <Chart chart={{ kind: 'bar', title: '办结与经办案件', categories: top.map((r) => r.name), series: [{ name: '办结', values: top.map((r) => r.completed) }, { name: '经办', values: top.map((r) => r.handled) }], unit: '件' }} onPick={(i) => top[i] && setAgent(top[i]!)} height={240} data-testid="chart-performance" />
        </Card>
      )}
      {groups.filter(([, g], i) => i < 2 || g.length > 0).map(([title, g]) => (
        <Card key={title} title={`${title}（${g.length} 人）`} style={{ marginBottom: 16 }} data-testid={`performance-${title}`}>
          <Table<AgentPerformanceDto>
            rowKey="userId"
            size="small"
            loading={list.loading}
            dataSource={g}
            columns={COLUMNS}
            pagination={false}
            scroll={{ x: 1100 }}
            onRow={(r) => ({ onClick: () => setAgent(r), style: { cursor: 'pointer' } })}
          />
        </Card>
      ))}
      <CaseDrawer title={agent ? `${agent.name}的经办案件` : null} cases={cases.data} total={cases.data?.length} loading={cases.loading} error={cases.error} onClose={() => setAgent(null)} />
    </div>
  );
}
