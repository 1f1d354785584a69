// 案卷 tab: Materials.
import { App, AutoComplete, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space, Table } from 'antd';
import type { CaseFileDto } from '../../../../shared/api/index';
import { HANDOVER_DIRECTIONS } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { mayCall } from '../../../lib/access';
import { contract } from '../../../../shared/api/index';
import { go } from '../../../lib/router';
import { dateTime, label, options } from '../../../ui/format';
import { useSession } from '../../../lib/session';
import { zodRules } from '../../../ui/zod-rules';
import { EditButton, Struck, WithdrawButton, WithdrawnTag } from '../corrections';
import { ActionForm, runStep } from '../parts';

interface HandoverFix extends Record<string, unknown> { counterpart: string; note?: string }
const fixRules = zodRules(contract['handover.edit'].input, (v: HandoverFix) => ({ handoverId: '-', ...v }));

export function Materials({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const { message } = App.useApp();
  const user = useSession((s) => s.user)!;
  const canCorrect = mayCall('handover.withdraw', user);
  return (
    <Row gutter={12}>
      <Col span={13}>
        <Table size="small" rowKey="id" pagination={false} dataSource={file.materials} locale={{ emptyText: '生成计划书后按事项列出申报材料' }} scroll={{ y: 300 }}
          title={() => <b>材料清单</b>}
          columns={[
            { title: '材料', dataIndex: 'name' },
            { title: '必需', width: 50, render: (_, r) => (r.required ? '是' : '否') },
            { title: '原件', width: 80, render: (_, r) => <InputNumber size="small" min={0} max={99} defaultValue={r.originalsHeld} style={{ width: 60 }} onBlur={(e) => { const v = Number(e.target.value); if (v !== r.originalsHeld) void runStep(() => api.call('material.update', { materialId: r.id, originalsHeld: v, copiesHeld: r.copiesHeld }), (m) => message.error(m)); }} /> },
            { title: '复印件', width: 80, render: (_, r) => <InputNumber size="small" min={0} max={99} defaultValue={r.copiesHeld} style={{ width: 60 }} onBlur={(e) => { const v = Number(e.target.value); if (v !== r.copiesHeld) void runStep(() => api.call('material.update', { materialId: r.id, originalsHeld: r.originalsHeld, copiesHeld: v }), (m) => message.error(m)); }} /> },
          ]} />
        <Table size="small" rowKey="id" pagination={false} dataSource={file.handovers} style={{ marginTop: 10 }} title={() => <b>交接记录</b>} locale={{ emptyText: '暂无交接' }}
          columns={[
            { title: '时间', width: 130, render: (_, r) => dateTime(r.at) },
            { title: '方向', width: 60, render: (_, r) => label(HANDOVER_DIRECTIONS, r.direction) },
            { title: '交接人', width: 80, render: (_, r) => <Struck record={r}>{r.counterpart}</Struck> },
            { title: '材料', render: (_, r) => <><Struck record={r}>{r.items.map((i) => `${i.name}（原${i.originals}/复${i.copies}）`).join('；')}</Struck>{r.note && <span className="muted"> {r.note}</span>} <WithdrawnTag record={r} /></> },
            {
              title: '', width: canCorrect ? 170 : 70, render: (_, r) => (
                <Space size={0}>
                  <Button size="small" onClick={() => go({ page: 'print', caseId, kind: 'handoverReceipt', extra: r.id })}>回执</Button>
                  {canCorrect && !r.withdrawnAt && (
                    <>
                      <EditButton<HandoverFix> title={`修改交接记录 ${r.receiptNo}`} initialValues={{ counterpart: r.counterpart, note: r.note }} onSubmit={(v) => api.call('handover.edit', { handoverId: r.id, counterpart: v.counterpart, note: v.note ?? '' })}>
                        {() => (
                          <>
                            <Form.Item name="counterpart" label="交接人（申请方）" required rules={[fixRules.rule('counterpart')]}><Input /></Form.Item>
                            <Form.Item name="note" label="备注" rules={[fixRules.rule('note')]}><Input /></Form.Item>
                          </>
                        )}
                      </EditButton>
                      <WithdrawButton what={`交接记录 ${r.receiptNo}（在册份数将退回）`} onWithdraw={(reason) => api.call('handover.withdraw', { handoverId: r.id, reason })} />
                    </>
                  )}
                </Space>
              ),
            },
          ]} />
      </Col>
      <Col span={11}>
        <Card size="small" title="登记材料交接（打印回执）">
          <ActionForm<{ direction: string; counterpart: string; items: Array<{ name: string; originals: number; copies: number }> }> draftKey={`handover:${caseId}`} submitText="登记交接" initialValues={{ direction: 'received', items: [{ name: '', originals: 1, copies: 0 }] }}
            onSubmit={(v) => api.call('handover.record', { caseId, direction: v.direction as never, counterpart: v.counterpart, items: v.items })}>
            {() => (
              <>
                <Row gutter={8}>
                  <Col span={10}><Form.Item name="direction" label="方向"><Radio.Group optionType="button" options={options(HANDOVER_DIRECTIONS)} /></Form.Item></Col>
                  <Col span={14}><Form.Item name="counterpart" label="交接人（申请方）" rules={[{ required: true, message: '请填写交接人' }]}><Input /></Form.Item></Col>
                </Row>
                <Form.List name="items">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Space key={f.key} align="baseline" size={4}>
                          <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写材料名称' }]}><AutoComplete style={{ width: 230 }} placeholder="材料名称（可从清单选择）" options={file.materials.map((m) => ({ value: m.name }))} filterOption={(input, o) => String(o?.value ?? '').includes(input)} /></Form.Item>
                          <Form.Item name={[f.name, 'originals']} label="原"><InputNumber min={0} max={99} style={{ width: 52 }} /></Form.Item>
                          <Form.Item name={[f.name, 'copies']} label="复"><InputNumber min={0} max={99} style={{ width: 52 }} /></Form.Item>
                          <Button size="small" type="link" onClick={() => remove(f.name)}>删除</Button>
                        </Space>
                      ))}
                      <Button size="small" type="dashed" block onClick={() => add({ name: '', originals: 1, copies: 0 })} style={{ marginBottom: 8 }}>+ 添加材料</Button>
                    </>
                  )}
                </Form.List>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
    </Row>
  );
}
