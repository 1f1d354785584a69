// 政企互动: per quarter, the Meizhou annex 2 table (序号, 时间, 地点, 参加企业, 活动内容, 备注); withdrawn
// records stay struck through with their reason in 备注 (the exported table leaves them out).
import { Alert, Card, Col, DatePicker, Form, Input, Row, Segmented, Select, Space, Table } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { InteractionDto } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { mayCall } from '../../lib/access';
import { contract } from '../../../shared/api/index';
import { INTERACTION_TABLE_TITLE, interactionRemark } from '../../../shared/domain/interaction-table';
import { useSession } from '../../lib/session';
import { quarterBounds } from '../../../shared/domain/quarter';
import { ExportButtons } from '../reports/ExportButtons';
import { zodRules } from '../../ui/zod-rules';
import { EditButton, Struck, WithdrawButton, WithdrawnTag } from '../cases/corrections';
import { ActionForm, dateStr } from '../cases/parts';

interface InteractionValues extends Record<string, unknown> { heldDate?: Dayjs; place: string; enterprises: string; content: string }
const toInput = (v: InteractionValues) => ({ heldDate: dateStr(v.heldDate) ?? '', place: v.place, enterprises: v.enterprises, content: v.content });
const rules = zodRules(contract['interaction.add'].input, toInput);

function InteractionFields() {
  return (
    <>
      <Form.Item name="heldDate" label="日期" required rules={[rules.rule('heldDate')]}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="place" label="地点" required rules={[rules.rule('place')]}><Input /></Form.Item>
      <Form.Item name="enterprises" label="参与企业（用顿号分隔）" required rules={[rules.rule('enterprises')]}><Input.TextArea rows={2} /></Form.Item>
      <Form.Item name="content" label="活动内容" required rules={[rules.rule('content')]}><Input.TextArea rows={3} /></Form.Item>
    </>
  );
}

export function InteractionsPage() {
  const user = useSession((s) => s.user)!;
  const now = new Date();
  const [year, setYear] = useState(now.getFullYear());
  const [quarter, setQuarter] = useState(Math.floor(now.getMonth() / 3) + 1);
  const { data, error } = useApi('interaction.list', { year, quarter });
  const canWrite = mayCall('interaction.add', user);
  const canCorrect = mayCall('interaction.edit', user);
  // 序号 counts the live records only, as the exported table does.
  const serial = new Map((data ?? []).filter((r) => !r.withdrawnAt).map((r, i) => [r.id, i + 1]));
  return (
    <div className="page">
      <div className="page-title">
        <h2>政企互动 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>{year}年第{quarter}季度，共 {serial.size} 次</span></h2>
        <span>
          <Select value={year} onChange={setYear} style={{ width: 96, marginRight: 8 }} options={[-1, 0, 1].map((d) => ({ value: now.getFullYear() + d, label: `${now.getFullYear() + d}年` }))} />
          <Segmented size="small" value={String(quarter)} onChange={(v) => setQuarter(Number(v))} options={['1', '2', '3', '4'].map((q) => ({ value: q, label: `第${q}季度` }))} />
          <span style={{ marginLeft: 8 }}><ExportButtons kind="interactions" params={quarterBounds({ year, quarter: quarter as 1 | 2 | 3 | 4 })} /></span>
        </span>
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={8}>
        <Col span={canWrite ? 16 : 24}>
          <Table<InteractionDto> size="small" rowKey="id" pagination={false} scroll={{ x: 960 }} dataSource={data ?? []} locale={{ emptyText: '本季度暂无政企互动记录' }}
            title={() => <span className="muted" data-testid="interaction-table-head">{INTERACTION_TABLE_TITLE} · 填报单位：{user.orgUnitName} · {year}年第{quarter}季度</span>}
            columns={[
              { title: '序号', width: 48, render: (_, r) => (r.withdrawnAt ? '—' : serial.get(r.id)) },
              { title: '时间', width: 100, render: (_, r) => <Struck record={r}>{r.heldDate}</Struck> },
              { title: '地点', width: 130, ellipsis: true, render: (_, r) => <Struck record={r}>{r.place}</Struck> },
              { title: '参加企业', width: 180, ellipsis: true, render: (_, r) => <Struck record={r}>{r.enterprises}</Struck> },
              { title: '活动内容', ellipsis: true, render: (_, r) => <Struck record={r}>{r.content}</Struck> },
              { title: '备注', width: 130, ellipsis: true, render: (_, r) => (r.withdrawnAt ? <WithdrawnTag record={r} /> : interactionRemark(r, user.orgUnitId)) },
              { title: '记录人', dataIndex: 'recordedByName', width: 80 },
              ...(canCorrect ? [{ title: '', width: 100, render: (_: unknown, r: InteractionDto) => (r.withdrawnAt ? null : (
                <Space size={0}>
                  <EditButton<InteractionValues> title="修改政企互动记录" initialValues={{ heldDate: dayjs(r.heldDate), place: r.place, enterprises: r.enterprises, content: r.content }}
                    onSubmit={(v) => api.call('interaction.edit', { interactionId: r.id, ...toInput(v) })}>
                    {() => <InteractionFields />}
                  </EditButton>
                  <WithdrawButton what="政企互动记录" onWithdraw={(reason) => api.call('interaction.withdraw', { interactionId: r.id, reason })} />
                </Space>
              )) }] : []),
            ]} />
        </Col>
        {canWrite && (
          <Col span={8}>
            <Card size="small" title="登记政企互动">
              <ActionForm<InteractionValues> testId="interaction-form" draftKey="interaction" submitText="登记" initialValues={{ heldDate: dayjs() }}
                onSubmit={(v) => api.call('interaction.add', toInput(v))}>
                {() => <InteractionFields />}
              </ActionForm>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
