// 案卷 tab: Entrustments.
import { App, Button, Card, Col, DatePicker, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { FormInstance } from 'antd';
import type { CaseFileDto } from '../../../../shared/api/index';
import { contract } from '../../../../shared/api/index';
import { ENTRUSTMENT_KINDS, ENTRUSTMENT_STATUSES, type EntrustmentKind } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { useMayCall } from '../../../lib/use-may-call';
import { go } from '../../../lib/router';
import { label, options } from '../../../ui/format';
import { zodRules } from '../../../ui/zod-rules';
import { ActionForm, dateStr, runStep } from '../parts';
import { EntrustmentScanCell, SignEntrustmentButton } from './EntrustmentScan';

interface EntrustValues extends Record<string, unknown> { kind: EntrustmentKind; scope: string; termStart?: Dayjs; termEnd?: Dayjs; authorizedPerson?: string; authorizedIdNumber?: string; authorizedPhone?: string }

const toInput = (caseId: string, v: EntrustValues) => ({
  caseId, kind: v.kind, scope: v.scope, termStart: dateStr(v.termStart), termEnd: dateStr(v.termEnd),
  authorizedPerson: v.authorizedPerson, authorizedIdNumber: v.authorizedIdNumber, authorizedPhone: v.authorizedPhone,
});
// The contract's own schema: an agreement without its term end or trustee is refused here, as there.
const rules = zodRules(contract['entrustment.create'].input, (v: EntrustValues) => toInput('-', v));

function EntrustFields({ form }: { form: FormInstance<EntrustValues> }) {
  Form.useWatch('kind', form); // re-render on kind: what is required depends on it
  const item = (name: keyof EntrustValues & string, deps: string[] = []) => ({ name, required: rules.required(name, form), rules: [rules.rule(name)], dependencies: deps });
  return (
    <>
      <Form.Item name="kind" label="文书"><Select options={options(ENTRUSTMENT_KINDS)} /></Form.Item>
      <Form.Item {...item('scope')} label="委托范围（事项或阶段）"><Input.TextArea rows={2} /></Form.Item>
      <Row gutter={8}>
        <Col span={12}><Form.Item {...item('termStart')} label="委托期限自"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={12}><Form.Item {...item('termEnd', ['kind', 'termStart'])} label="至"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Row gutter={8}>
        <Col span={8}><Form.Item {...item('authorizedPerson', ['kind'])} label="受托人"><Input /></Form.Item></Col>
        <Col span={16}><Form.Item {...item('authorizedIdNumber')} label="受托人身份证号" validateDebounce={250}><Input className="mono" maxLength={20} /></Form.Item></Col>
      </Row>
      <Form.Item {...item('authorizedPhone')} label="受托人电话" validateDebounce={250}><Input className="mono" maxLength={20} /></Form.Item>
    </>
  );
}

export function Entrustments({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const caseId = file.summary.id;
  const canCreate = useMayCall('entrustment.create');
  const canSign = useMayCall('entrustment.sign');
  const canRevoke = useMayCall('entrustment.revoke');
  return (
    <Row gutter={12}>
      <Col span={canCreate ? 15 : 24}>
        <Table size="small" rowKey="id" pagination={false} dataSource={file.entrustments} locale={{ emptyText: '尚未生成委托文书' }}
          columns={[
            { title: '文书', width: 130, render: (_, r) => label(ENTRUSTMENT_KINDS, r.kind) },
            { title: '委托范围', dataIndex: 'scope', ellipsis: true },
            { title: '期限至', dataIndex: 'termEnd', width: 96 },
            { title: '状态', width: 150, render: (_, r) => <><Tag color={r.status === 'signed' ? 'green' : r.status === 'revoked' ? 'default' : 'blue'}>{label(ENTRUSTMENT_STATUSES, r.status)}</Tag><EntrustmentScanCell entrustment={r} /></> },
            {
              title: '操作', width: 220, render: (_, r) => (
                <Space size={4}>
                  <Button size="small" onClick={() => go({ page: 'print', caseId, kind: r.kind === 'application' ? 'serviceApplication' : r.kind, extra: r.id })}>打印</Button>
                  {r.status === 'draft' && canSign && <SignEntrustmentButton entrustment={r} />}
                  {r.status !== 'revoked' && canRevoke && (
                    <Popconfirm title="撤销委托？" description={<Input id={`revoke-${r.id}`} placeholder="撤销原因" />} onConfirm={() => {
                      const reason = (document.getElementById(`revoke-${r.id}`) as HTMLInputElement | null)?.value ?? '';
                      return runStep(() => api.call('entrustment.revoke', { entrustmentId: r.id, reason }), (m) => message.error(m), (m) => message.success(m), '已撤销');
                    }}><Button size="small" danger>撤销</Button></Popconfirm>
                  )}
                </Space>
              ),
            },
          ]} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>流程：生成文书 → 打印 → 申请人签字盖章 → 登记已签署（同时上传扫描件，自动归入“附件”）。代办不包办、服务不揽责：申请人仍是法定申请主体。</Typography.Paragraph>
      </Col>
      {canCreate && <Col span={9}>
        <Card size="small" title="生成委托文书">
          <ActionForm<EntrustValues> testId="entrust-form" draftKey={`entrust:${caseId}`} submitText="生成" initialValues={{ kind: 'agreement', scope: '全程代办', authorizedPerson: file.summary.agentName ?? undefined }}
            onSubmit={(v) => api.call('entrustment.create', toInput(caseId, v))}>
            {(form) => <EntrustFields form={form} />}
          </ActionForm>
        </Card>
      </Col>}
    </Row>
  );
}
