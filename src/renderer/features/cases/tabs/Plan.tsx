// 案卷 tab: Plan.
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Modal, Select, Space, Spin, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { CaseFileDto, PlanItemDto } from '../../../../shared/api/index';
import { LIMIT_UNITS, PLAN_ITEM_STATUSES, STAGES } from '../../../../shared/domain/enums';
import { calendarWarningText } from '../../../../shared/domain/calendar';
import { api, useApi } from '../../../lib/api';
import { mayCall } from '../../../lib/access';
import { useMayCall } from '../../../lib/use-may-call';
import { contract } from '../../../../shared/api/index';
import { DaysLeft, ItemStatusTag, label } from '../../../ui/format';
import { isPlanItemFinal, planItemNextStatuses } from '../../../../shared/domain/plan-item-status';
import { useSession } from '../../../lib/session';
import { zodRules } from '../../../ui/zod-rules';
import { EditButton } from '../corrections';
import { proposeTemplate } from '../../../../shared/domain/plan-template-proposal';
import { DepartmentLink, useCaseContacts } from '../../contacts/DepartmentContacts';
import { RelatedKnowledge, useRelatedKnowledge } from '../../knowledge/RelatedKnowledge';
import { ActionForm, dateStr, runStep } from '../parts';

interface ItemFix extends Record<string, unknown> { department: string; parallelGroup: number; startDate?: Dayjs; dueDate?: Dayjs }
const toItemInput = (planItemId: string, v: ItemFix) => ({ planItemId, department: v.department, parallelGroup: v.parallelGroup, startDate: dateStr(v.startDate), dueDate: dateStr(v.dueDate) });
const itemRules = zodRules(contract['planItem.edit'].input, (v: ItemFix) => toItemInput('-', v));
const removeRules = zodRules(contract['planItem.remove'].input, (v: { reason?: string }) => ({ planItemId: '-', ...v }));

/** 修改 (department, group, dates) and 移除 (with a reason) of one plan item. */
function PlanItemCorrections({ item }: { item: PlanItemDto }) {
  const [removing, setRemoving] = useState(false);
  const decided = item.status === 'approved' || item.status === 'refused';
  return (
    <Space size={0}>
      <EditButton<ItemFix> title={`修改计划事项：${item.name}`} initialValues={{ department: item.department ?? '', parallelGroup: item.parallelGroup, startDate: item.startDate ? dayjs(item.startDate) : undefined, dueDate: item.dueDate ? dayjs(item.dueDate) : undefined }}
        onSubmit={(v) => api.call('planItem.edit', toItemInput(item.id, v))}>
        {() => (
          <>
            <Form.Item name="department" label="办理部门" required rules={[itemRules.rule('department')]}><Input /></Form.Item>
            <Form.Item name="parallelGroup" label="并联组" required rules={[itemRules.rule('parallelGroup')]}><InputNumber style={{ width: 90 }} /></Form.Item>
            <Space>
              <Form.Item name="startDate" label="开始日期" rules={[itemRules.rule('startDate')]}><DatePicker /></Form.Item>
              <Form.Item name="dueDate" label="到期日" dependencies={['startDate']} rules={[itemRules.rule('dueDate')]}><DatePicker /></Form.Item>
            </Space>
          </>
        )}
      </EditButton>
      {!decided && <Button size="small" type="link" danger onClick={() => setRemoving(true)}>移除</Button>}
      <Modal open={removing} title={`从计划中移除：${item.name}`} footer={null} onCancel={() => setRemoving(false)} destroyOnHidden>
        <ActionForm<{ reason: string }> name="remove-plan-item" submitText="确认移除" danger onSubmit={(v) => api.call('planItem.remove', { planItemId: item.id, reason: v.reason })} onSaved={() => setRemoving(false)}>
          {() => <Form.Item name="reason" label="移除原因" required rules={[removeRules.rule('reason')]}><Input.TextArea rows={2} autoFocus /></Form.Item>}
        </ActionForm>
      </Modal>
    </Space>
  );
}

export function Plan({ file }: { file: CaseFileDto }) {
  const { message, modal } = App.useApp();
  const user = useSession((s) => s.user)!;
  const canCorrect = mayCall('planItem.edit', user);
  const canCreate = useMayCall('plan.create');
  const canAddItem = useMayCall('plan.addItem');
  const canSetStatus = useMayCall('plan.setItemStatus');
  const caseId = file.summary.id;
  const templates = useApi('planTemplate.list', {});
  const catalogue = useApi('catalogue.list', {});
  const plan = file.plan;
  const byStage = useMemo(() => {
    const m = new Map<number, PlanItemDto[]>();
    for (const it of plan?.items ?? []) {
      if (!m.has(it.stage)) m.set(it.stage, []);
      m.get(it.stage)!.push(it);
    }
    return [...m.entries()].sort((a, b) => a[0] - b[0]);
  }, [plan]);
  const related = useRelatedKnowledge((plan?.items ?? []).flatMap((i) => (i.code ? [i.code] : [])));
  // Each department's 部门联络表 entries in the case's offices and those above (one request per plan).
  const contacts = useCaseContacts(caseId, (plan?.items ?? []).map((i) => i.department ?? ''));
  // The template of the project's category is proposed; the form waits for the list to preselect it.
  const proposal = useMemo(() => (templates.data ? proposeTemplate(templates.data, file.project, file.description ?? '') : null), [templates.data, file.project, file.description]);
  if (!plan && !canCreate) return <Empty description="尚未制定代办服务计划书" />;
  if (!plan) {
    return (
      <Card size="small" title="制定代办服务计划书" style={{ maxWidth: 640 }}>
        {!templates.data ? <Spin /> : (
        <ActionForm<{ templateId: string; startDate?: Dayjs }> testId="plan-form" submitText="按模板生成计划书" initialValues={{ startDate: dayjs(), templateId: proposal?.id } as never}
          onSubmit={(v) => api.call('plan.create', { caseId, templateId: v.templateId, startDate: dateStr(v.startDate) })}>
          {() => (
            <>
              <Form.Item name="templateId" label="计划书模板" rules={[{ required: true, message: '请选择计划书模板' }]} extra={proposal ? <span data-testid="plan-proposal">{proposal.why}，可改选其他模板</span> : undefined}>
                <Select placeholder="按项目类别选择" options={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.items.length}项）` }))} />
              </Form.Item>
              <Form.Item name="startDate" label="计划开始日期"><DatePicker /></Form.Item>
            </>
          )}
        </ActionForm>
        )}
      </Card>
    );
  }
  const calendarWarning = calendarWarningText(plan.uncalendaredYears ?? []);
  return (
    <div>
      {calendarWarning && <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="plan-calendar-warning" message={calendarWarning} description="这些年份的法定节假日和调休尚未录入，到期日暂按周一至周五推算；管理员在“工作日历”中录入后，在办事项的到期日会自动重新计算。" />}
      <div style={{ marginBottom: 8, display: 'flex', gap: 8, alignItems: 'center' }}>
        <span className="muted">模板：{plan.templateName ?? '自定义'}&emsp;共 {plan.items.length} 项，已办结 {plan.items.filter((i) => i.status === 'approved').length} 项</span>
        <span style={{ flex: 1 }} />
        {canAddItem && <ActionForm<{ catalogItemId: string; parallelGroup: number }> layout="inline" submitText="添加事项" initialValues={{ parallelGroup: 1 }} onSubmit={(v) => api.call('plan.addItem', { caseId, catalogItemId: v.catalogItemId, parallelGroup: v.parallelGroup })}>
          {() => (
            <>
              <Form.Item name="catalogItemId" rules={[{ required: true, message: '请选择事项' }]}><Select showSearch optionFilterProp="label" placeholder="从代办目录选择事项" style={{ width: 300 }} options={(catalogue.data ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))} /></Form.Item>
              <Form.Item name="parallelGroup" label="并联组"><InputNumber min={0} max={99} style={{ width: 60 }} /></Form.Item>
            </>
          )}
        </ActionForm>}
      </div>
      {byStage.map(([stage, items]) => (
        <div className="stage-block" key={stage}>
          <div className="stage-title">第{stage || '—'}阶段&emsp;{label(STAGES, stage)}</div>
          <Table<PlanItemDto> size="small" rowKey="id" pagination={false} dataSource={[...items].sort((a, b) => a.parallelGroup - b.parallelGroup)}
            columns={[
              { title: '并联组', dataIndex: 'parallelGroup', width: 60, render: (g: number) => <Tag>{g}</Tag> },
              { title: '事项', render: (_, r) => <span>{r.code && <span className="muted mono">{r.code} </span>}{r.name}<RelatedKnowledge articles={r.code ? related[r.code] : undefined} /></span> },
              { title: '部门', dataIndex: 'department', width: 130, ellipsis: true, render: (d: string | null) => <DepartmentLink department={d} entries={d ? contacts[d] : undefined} /> },
              { title: '时限', width: 90, render: (_, r) => (r.limitValue !== null ? `${r.limitValue}${label(LIMIT_UNITS, r.limitUnit)}` : '—') },
              { title: '到期', dataIndex: 'dueDate', width: 92 },
              { title: '剩余', width: 120, render: (_, r) => (r.status === 'approved' || r.status === 'refused' ? <span className="muted">—</span> : <DaysLeft days={r.workingDaysLeft} />) },
              { title: '批文文号', dataIndex: 'approvalDocNo', width: 120, ellipsis: true },
              ...(canCorrect ? [{ title: '', width: 96, render: (_: unknown, r: PlanItemDto) => <PlanItemCorrections item={r} /> }] : []),
              {
                title: '状态', width: 136, render: (_, r) => (
                  <Select size="small" value={r.status} style={{ width: 116 }} data-testid={`item-status-${r.id}`}
                    disabled={!canSetStatus || isPlanItemFinal(r.status)}
                    options={[r.status, ...planItemNextStatuses(r.status)].map((st) => ({ value: st, label: label(PLAN_ITEM_STATUSES, st) }))}
                    labelRender={() => <ItemStatusTag status={r.status} />}
                    onChange={(status) => {
                      const save = (extra: { approvalDocNo?: string; note?: string } = {}) =>
                        runStep(() => api.call('plan.setItemStatus', { planItemId: r.id, status, ...extra }), (m) => message.error(m), (m) => message.success(m), '状态已更新');
                      if (status !== 'approved' && status !== 'refused') return void save();
                      // 已办结 needs the approval document number, 不予许可 a reason (window.prompt does not exist in Electron).
                      let text = '';
                      const approved = status === 'approved';
                      modal.confirm({
                        title: `${r.name}：${approved ? '已办结' : '不予许可'}`,
                        content: <Input autoFocus placeholder={approved ? '批准文号/证照编号，如 榕发改〔2026〕12号' : '不予许可的理由'} onChange={(e) => { text = e.target.value; }} />,
                        okText: '保存',
                        cancelText: '取消',
                        onOk: async () => {
                          if (!text.trim()) {
                            message.error(approved ? '已办结须填写批准文号' : '不予许可须填写理由');
                            throw new Error('required');
                          }
                          await save(approved ? { approvalDocNo: text.trim() } : { note: text.trim() });
                        },
                      });
                    }} />
                ),
              },
            ]} />
        </div>
      ))}
    </div>
  );
}
