// 政企互动: per quarter, date, place, enterprises, content (Meizhou annex 2 table).
import { Alert, Card, Col, DatePicker, Form, Input, Row, Segmented, Select, Table } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { InteractionDto } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ActionForm } from '../cases/parts';

export function InteractionsPage() {
  const user = useSession((s) => s.user)!;
  const now = new Date();
  const [year, setYear] = useState(now.getFullYear());
  const [quarter, setQuarter] = useState(Math.floor(now.getMonth() / 3) + 1);
  const { data, error } = useApi('interaction.list', { year, quarter });
  const canWrite = ['clerk', 'agent', 'admin'].includes(user.role);
  return (
    <div className="page">
      <div className="page-title">
        <h2>政企互动 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>{year}年第{quarter}季度，共 {data?.length ?? 0} 次</span></h2>
        <span>
          <Select value={year} onChange={setYear} style={{ width: 96, marginRight: 8 }} options={[-1, 0, 1].map((d) => ({ value: now.getFullYear() + d, label: `${now.getFullYear() + d}年` }))} />
          <Segmented size="small" value={String(quarter)} onChange={(v) => setQuarter(Number(v))} options={['1', '2', '3', '4'].map((q) => ({ value: q, label: `第${q}季度` }))} />
        </span>
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={8}>
        <Col span={canWrite ? 16 : 24}>
          <Table<InteractionDto> size="small" rowKey="id" pagination={false} dataSource={data ?? []} locale={{ emptyText: '本季度暂无政企互动记录' }}
            columns={[
              { title: '日期', dataIndex: 'heldDate', width: 100 },
              { title: '地点', dataIndex: 'place', width: 150, ellipsis: true },
              { title: '参与企业', dataIndex: 'enterprises', width: 220, ellipsis: true },
              { title: '活动内容', dataIndex: 'content', ellipsis: true },
              { title: '记录人', dataIndex: 'recordedByName', width: 80 },
            ]} />
        </Col>
        {canWrite && (
          <Col span={8}>
            <Card size="small" title="登记政企互动">
              <ActionForm<{ heldDate: Dayjs; place: string; enterprises: string; content: string }> draftKey="interaction" submitText="登记" initialValues={{ heldDate: dayjs() } as never}
                onSubmit={(v) => api.call('interaction.add', { heldDate: v.heldDate.format('YYYY-MM-DD'), place: v.place, enterprises: v.enterprises, content: v.content })}>
                {() => (
                  <>
                    <Form.Item name="heldDate" label="日期" rules={[{ required: true, message: '请选择活动日期' }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
                    <Form.Item name="place" label="地点" rules={[{ required: true, message: '请填写活动地点' }]}><Input /></Form.Item>
                    <Form.Item name="enterprises" label="参与企业（用顿号分隔）" rules={[{ required: true, message: '请填写参与企业' }]}><Input.TextArea rows={2} /></Form.Item>
                    <Form.Item name="content" label="活动内容" rules={[{ required: true, message: '请填写活动内容' }]}><Input.TextArea rows={3} /></Form.Item>
                  </>
                )}
              </ActionForm>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
