// 案卷 tab: Problems.
import { App, Button, Card, Col, Form, Input, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { CaseFileDto, ProblemDto } from '../../../../shared/api/index';
import { PROBLEM_STATUSES } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { mayCall } from '../../../lib/access';
import { useMayCall } from '../../../lib/use-may-call';
import { contract } from '../../../../shared/api/index';
import { dateOnly, label } from '../../../ui/format';
import { useSession } from '../../../lib/session';
import { zodRules } from '../../../ui/zod-rules';
import { EditButton, Struck, WithdrawButton, WithdrawnTag } from '../corrections';
import { ActionForm, runStep } from '../parts';

interface ProblemValues extends Record<string, unknown> { department: string; description: string; resolution?: string }
const rules = zodRules(contract['problem.edit'].input, (v: ProblemValues) => ({ problemId: '-', ...v }));

function ProblemFields({ resolved }: { resolved: boolean }) {
  return (
    <>
      <Form.Item name="department" label="协调部门" required rules={[rules.rule('department')]}><Input /></Form.Item>
      <Form.Item name="description" label="问题描述" required rules={[rules.rule('description')]}><Input.TextArea rows={3} /></Form.Item>
      {resolved && <Form.Item name="resolution" label="解决情况" rules={[rules.rule('resolution')]}><Input.TextArea rows={2} /></Form.Item>}
    </>
  );
}

export function Problems({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const user = useSession((s) => s.user)!;
  const canCorrect = mayCall('problem.edit', user);
  const canAdd = useMayCall('problem.add');
  const canResolve = useMayCall('problem.resolve');
  const caseId = file.summary.id;
  const [resolving, setResolving] = useState<string | null>(null);
  const [text, setText] = useState('');
  return (
    <Row gutter={12}>
      <Col span={canAdd ? 15 : 24}>
        <Table size="small" rowKey="id" pagination={false} dataSource={file.problems} locale={{ emptyText: '没有需要协调的问题' }}
          columns={[
            { title: '提出日期', width: 96, render: (_, r) => dateOnly(r.raisedAt) },
            { title: '协调部门', width: 120, render: (_, r) => <Struck record={r}>{r.department}</Struck> },
            { title: '问题', render: (_, r) => <><Struck record={r}>{r.description}</Struck> <WithdrawnTag record={r} /></> },
            { title: '状态', width: 80, render: (_, r) => <Tag color={r.withdrawnAt ? 'default' : r.status === 'open' ? 'red' : 'green'}>{r.withdrawnAt ? '已撤回' : label(PROBLEM_STATUSES, r.status)}</Tag> },
            { title: '解决情况', width: 200, render: (_, r) => (r.withdrawnAt ? null : r.status === 'resolved' ? r.resolution : resolving === r.id ? (
              <Space.Compact><Input size="small" value={text} onChange={(e) => setText(e.target.value)} placeholder="解决情况" /><Button size="small" type="primary" onClick={() => void runStep(() => api.call('problem.resolve', { problemId: r.id, resolution: text }), (m) => message.error(m), () => { setResolving(null); setText(''); })}>确定</Button></Space.Compact>
            ) : canResolve ? <Button size="small" onClick={() => setResolving(r.id)}>登记解决</Button> : null) },
            ...(canCorrect ? [{ title: '', width: 100, render: (_: unknown, r: ProblemDto) => (r.withdrawnAt ? null : (
              <Space size={0}>
                <EditButton<ProblemValues> title="修改协调问题" initialValues={{ department: r.department, description: r.description, resolution: r.resolution ?? undefined }}
                  onSubmit={(v) => api.call('problem.edit', { problemId: r.id, department: v.department, description: v.description, resolution: r.status === 'resolved' ? v.resolution : undefined })}>
                  {() => <ProblemFields resolved={r.status === 'resolved'} />}
                </EditButton>
                <WithdrawButton what="协调问题" onWithdraw={(reason) => api.call('problem.withdraw', { problemId: r.id, reason })} />
              </Space>
            )) }] : []),
          ]} />
      </Col>
      {canAdd && <Col span={9}>
        <Card size="small" title="登记问题">
          <ActionForm<ProblemValues> draftKey={`problem:${caseId}`} submitText="登记" onSubmit={(v) => api.call('problem.add', { caseId, department: v.department, description: v.description })}>
            {() => <ProblemFields resolved={false} />}
          </ActionForm>
        </Card>
      </Col>}
    </Row>
  );
}
