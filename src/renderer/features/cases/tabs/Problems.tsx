// 案卷 tab: Problems.
import { App, Button, Card, Col, Form, Input, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { CaseFileDto } from '../../../../shared/api/index';
import { PROBLEM_STATUSES } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { dateOnly, label } from '../../../ui/format';
import { ActionForm, runStep } from '../parts';

export function Problems({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const caseId = file.summary.id;
  const [resolving, setResolving] = useState<string | null>(null);
  const [text, setText] = useState('');
  return (
    <Row gutter={12}>
      <Col span={15}>
        <Table size="small" rowKey="id" pagination={false} dataSource={file.problems} locale={{ emptyText: '没有需要协调的问题' }}
          columns={[
            { title: '提出日期', width: 96, render: (_, r) => dateOnly(r.raisedAt) },
            { title: '协调部门', dataIndex: 'department', width: 120 },
            { title: '问题', dataIndex: 'description' },
            { title: '状态', width: 80, render: (_, r) => <Tag color={r.status === 'open' ? 'red' : 'green'}>{label(PROBLEM_STATUSES, r.status)}</Tag> },
            { title: '解决情况', width: 200, render: (_, r) => (r.status === 'resolved' ? r.resolution : resolving === r.id ? (
              <Space.Compact><Input size="small" value={text} onChange={(e) => setText(e.target.value)} placeholder="解决情况" /><Button size="small" type="primary" onClick={() => void runStep(() => api.call('problem.resolve', { problemId: r.id, resolution: text }), (m) => message.error(m), () => { setResolving(null); setText(''); })}>确定</Button></Space.Compact>
            ) : <Button size="small" onClick={() => setResolving(r.id)}>登记解决</Button>) },
          ]} />
      </Col>
      <Col span={9}>
        <Card size="small" title="登记问题">
          <ActionForm<{ department: string; description: string }> draftKey={`problem:${caseId}`} submitText="登记" onSubmit={(v) => api.call('problem.add', { caseId, ...v })}>
            {() => (
              <>
                <Form.Item name="department" label="协调部门" rules={[{ required: true, message: '请填写协调部门' }]}><Input /></Form.Item>
                <Form.Item name="description" label="问题描述" rules={[{ required: true, message: '请填写问题描述' }]}><Input.TextArea rows={3} /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
    </Row>
  );
}
