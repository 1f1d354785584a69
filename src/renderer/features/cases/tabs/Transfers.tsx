// 案卷 tab: TransferTable.
import { App, Button, Card, Col, Form, Input, Radio, Row, Space, Table } from 'antd';
import { useState } from 'react';
import type { CaseFileDto, TransferDto } from '../../../../shared/api/index';
import { TRANSFER_KINDS } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { useMayCall } from '../../../lib/use-may-call';
import { go } from '../../../lib/router';
import { useSession } from '../../../lib/session';
import { TransferStatusTag, dateOnly, label, options } from '../../../ui/format';
import { ActionForm, runStep } from '../parts';
import { OfficePicker } from '../../staff/OfficePicker';

export function Transfers({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const user = useSession((s) => s.user)!;
  const canSend = useMayCall('transfer.send');
  return (
    <Row gutter={12}>
      <Col span={canSend ? 15 : 24}>
        <TransferTable rows={file.transfers} myOrgUnitId={user.orgUnitId} />
      </Col>
      {canSend && <Col span={9}>
        <Card size="small" title="转办 / 联办">
          <ActionForm<{ kind: string; toOrgUnitId: string; reason: string }> testId="transfer-form" draftKey={`transfer:${caseId}`} submitText="发送" initialValues={{ kind: 'down' }}
            onSubmit={(v) => api.call('transfer.send', { caseId, kind: v.kind as never, toOrgUnitId: v.toOrgUnitId, reason: v.reason })}>
            {() => (
              <>
                <Form.Item name="kind" label="类型"><Radio.Group optionType="button" options={options(TRANSFER_KINDS).map((o) => ({ ...o, label: o.value === 'down' ? '转办（交有权限的机构）' : '联办（请上级联合办理）' }))} /></Form.Item>
                <Form.Item name="toOrgUnitId" label="接收机构" rules={[{ required: true, message: '请选择接收机构' }]}>
                  <OfficePicker exclude={[user.orgUnitId]} data-testid="transfer-office" />
                </Form.Item>
                <Form.Item name="reason" label="事由" rules={[{ required: true, message: '请填写转办事由' }]}><Input.TextArea rows={3} placeholder="说明需要对方办理的事项和已办情况" /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>}
    </Row>
  );
}

export function TransferTable({ rows, myOrgUnitId, showCase }: { rows: TransferDto[]; myOrgUnitId: string; showCase?: boolean }) {
  const { message } = App.useApp();
  const [returning, setReturning] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const mayAccept = useMayCall('transfer.accept');
  const mayReturn = useMayCall('transfer.return');
  const mayAnswer = mayAccept || mayReturn;
  return (
    <Table<TransferDto> size="small" rowKey="id" pagination={false} dataSource={rows} locale={{ emptyText: '没有转办记录' }} data-testid="transfer-table"
      columns={[
        ...(showCase ? [{ title: '案卷', width: 200, render: (_: unknown, r: TransferDto) => <a onClick={() => go({ page: 'case', id: r.caseId })}>{r.caseNo}</a> }, { title: '项目/事项', dataIndex: 'caseTitle', ellipsis: true }] : []),
        { title: '类型', width: 56, render: (_, r) => label(TRANSFER_KINDS, r.kind) },
        { title: '从', dataIndex: 'fromOrgUnitName', width: 120, ellipsis: true },
        { title: '到', dataIndex: 'toOrgUnitName', width: 120, ellipsis: true },
        { title: '事由', dataIndex: 'reason', ellipsis: true },
        { title: '发送', width: 130, render: (_, r) => <span className="muted">{r.sentByName} {dateOnly(r.sentAt)}</span> },
        { title: '状态', width: 76, render: (_, r) => <TransferStatusTag status={r.status} /> },
        {
          title: '处理', width: 230, render: (_, r) => {
            if (r.status !== 'sent') return <span className="muted">{r.answer ?? ''}</span>;
            if (r.toOrgUnitId !== myOrgUnitId) return <span className="muted">等待对方接收</span>;
            if (!mayAnswer) return <span className="muted">待本机构接收</span>;
            if (returning === r.id) return (
              <Space.Compact><Input size="small" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="退回理由" /><Button size="small" danger onClick={() => void runStep(() => api.call('transfer.return', { transferId: r.id, reason }), (m) => message.error(m), () => { setReturning(null); setReason(''); message.success('已退回'); })}>退回</Button></Space.Compact>
            );
            return (
              <Space size={4}>
                {mayAccept && <Button size="small" type="primary" onClick={() => void runStep(() => api.call('transfer.accept', { transferId: r.id }), (m) => message.error(m), (m) => message.success(m), '已接收')}>接收</Button>}
                {mayReturn && <Button size="small" onClick={() => setReturning(r.id)}>退回…</Button>}
              </Space>
            );
          },
        },
      ]} />
  );
}
