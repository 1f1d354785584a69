// 案卷: the case file with tabs for every part of the 专属档案.
import { Alert, App, AutoComplete, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { AttachmentDto, CaseFileDto, EvaluationDto, PlanItemDto, TransferDto } from '../../../shared/api/index';
import { PRINT_KIND_LABELS } from '../../../shared/api/reference';
import {
  ADMISSION_STATUSES, APPLICANT_KINDS, ENTRUSTMENT_KINDS, ENTRUSTMENT_STATUSES, EVALUATION_LEVELS, EVALUATION_SOURCES,
  HANDOVER_DIRECTIONS, LIMIT_UNITS, PLAN_ITEM_STATUSES, PROBLEM_STATUSES, PROGRESS_KINDS, PROJECT_CATEGORIES, STAGES, TRANSFER_KINDS,
} from '../../../shared/domain/enums';
import { api, useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { useSession } from '../../lib/session';
import { CaseStatusTag, DaysLeft, ItemStatusTag, TransferStatusTag, channelText, dateOnly, dateTime, label, modeText, options } from '../../ui/format';
import { ActionForm, checkRule, runStep } from './parts';
import { validatePhone, validateResidentId } from '../../../shared/domain/validators';
import { isPlanItemFinal, planItemNextStatuses } from '../../../shared/domain/plan-item-status';
import { CASE_ACTIONS, CASE_TRANSITIONS } from '../../../shared/domain/case-status';
import type { CaseAction } from '../../../shared/domain/case-status';

const dateStr = (d: unknown) => (d && dayjs.isDayjs(d) ? (d as Dayjs).format('YYYY-MM-DD') : undefined);

export function CaseFile({ id, tab }: { id: string; tab?: string | undefined }) {
  const { data, error, loading } = useApi('case.get', { id }, [id]);
  if (error) return <div className="page"><Alert type="error" showIcon message={error} /></div>;
  if (!data) return <div className="page muted">{loading ? '正在打开案卷…' : ''}</div>;
  return <CaseFileView file={data} tab={tab ?? 'overview'} />;
}

function CaseFileView({ file, tab }: { file: CaseFileDto; tab: string }) {
  const s = file.summary;
  const setTab = (t: string) => go({ page: 'case', id: s.id, tab: t });
  const openProblems = file.problems.filter((p) => p.status === 'open').length;
  const pendingTransfer = file.transfers.some((t) => t.status === 'sent');
  return (
    <div className="page" data-testid="case-file">
      <div className="page-title">
        <h2>
          <span className="mono">{s.caseNo}</span>&emsp;{s.title} <CaseStatusTag status={s.status} />{' '}
          <Tag>{modeText(s.mode, s.helpKind)}</Tag>{pendingTransfer && <Tag color="gold">转办待接收</Tag>}
        </h2>
        <Space>
          <CaseActions file={file} />
          <PrintMenu caseId={s.id} />
        </Space>
      </div>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          size="small"
          items={[
            { key: 'overview', label: '概况', children: <Overview file={file} /> },
            { key: 'entrust', label: `委托（${file.entrustments.length}）`, children: <Entrustments file={file} /> },
            { key: 'plan', label: `计划书（${file.plan?.items.length ?? 0}）`, children: <Plan file={file} /> },
            { key: 'progress', label: `进度（${file.progress.length}）`, children: <Progress file={file} /> },
            { key: 'problems', label: <span>问题协调{openProblems ? <Tag color="red" style={{ marginLeft: 4 }}>{openProblems}</Tag> : `（${file.problems.length}）`}</span>, children: <Problems file={file} /> },
            { key: 'materials', label: '材料交接', children: <Materials file={file} /> },
            { key: 'attachments', label: `附件（${file.attachments.length}）`, children: <Attachments file={file} /> },
            { key: 'transfers', label: `转办联办（${file.transfers.length}）`, children: <Transfers file={file} /> },
            { key: 'closing', label: '结案', children: <Closing file={file} /> },
            { key: 'evaluation', label: `好差评（${file.evaluations.length}）`, children: <Evaluations file={file} /> },
          ]}
        />
      </Card>
    </div>
  );
}

/** Status-machine steps the backend says are allowed now (结案 steps live in the 结案 tab). */
function CaseActions({ file }: { file: CaseFileDto }) {
  const { message, modal } = App.useApp();
  const actions = file.allowedActions.filter((a): a is CaseAction => a in CASE_TRANSITIONS && !['complete', 'suspend', 'withdraw'].includes(a));
  const run = (action: CaseAction) => {
    const t = CASE_TRANSITIONS[action];
    const send = (reason?: string) => runStep(() => api.call('case.action', { caseId: file.summary.id, action, ...(reason ? { reason } : {}) }), (m) => message.error(m), (m) => message.success(m), `已${CASE_ACTIONS[action]}`);
    if (t.reason === 'none') return void send();
    let text = '';
    modal.confirm({
      title: CASE_ACTIONS[action],
      content: <Input.TextArea autoFocus rows={2} placeholder={t.reasonLabel ?? '原因'} onChange={(e) => { text = e.target.value; }} />,
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        if (t.reason === 'required' && text.trim().length < 2) {
          message.error(`请填写${t.reasonLabel ?? '原因'}`);
          throw new Error('required');
        }
        await send(text.trim() || undefined);
      },
    });
  };
  return (
    <>
      {actions.map((a) => (
        <Button key={a} size="small" type={a === 'accept' || a === 'start' || a === 'resume' ? 'primary' : 'default'} danger={a === 'refuse'} onClick={() => run(a)}>{CASE_ACTIONS[a]}</Button>
      ))}
    </>
  );
}

function PrintMenu({ caseId }: { caseId: string }) {
  return (
    <Select
      placeholder="打印文书…"
      style={{ width: 160 }}
      value={null}
      onChange={(kind: string) => go({ page: 'print', caseId, kind })}
      options={(['liaisonCard', 'serviceApplication', 'agreement', 'authorization', 'plan'] as const).map((k) => ({ value: k, label: PRINT_KIND_LABELS[k] }))}
    />
  );
}

function Overview({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const user = useSession((s) => s.user)!;
  const a = file.applicant;
  const p = file.project;
  const s = file.summary;
  const agents = useApi('user.options', { role: 'agent' });
  const [revealed, setRevealed] = useState<typeof a | null>(null);
  const shown = revealed ?? a;
  return (
    <Row gutter={12}>
      <Col span={14}>
        <Descriptions size="small" bordered column={2} title="受理信息" styles={{ label: { width: 96 } }}>
          <Descriptions.Item label="案卷编号">{s.caseNo}</Descriptions.Item>
          <Descriptions.Item label="状态"><CaseStatusTag status={s.status} /></Descriptions.Item>
          <Descriptions.Item label="服务方式">{modeText(s.mode, s.helpKind)}</Descriptions.Item>
          <Descriptions.Item label="受理渠道">{channelText(s.channel)}</Descriptions.Item>
          <Descriptions.Item label="受理机构">{s.orgUnitName}</Descriptions.Item>
          <Descriptions.Item label="受理时间">{dateTime(s.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="代办员">{s.agentName ?? <span className="warn">未分派</span>}</Descriptions.Item>
          <Descriptions.Item label="责任领导">{file.leaderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="诉求摘要" span={2}>{file.description ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Descriptions size="small" bordered column={2} title={<span>申请人 / 项目单位 <Button size="small" type="link" onClick={() => void api.call('applicant.get', { id: a.id, reveal: true }).then(setRevealed).catch((e: unknown) => message.error(String((e as Error).message)))}>显示完整证件号（将记入审计日志）</Button></span>} style={{ marginTop: 10 }} styles={{ label: { width: 96 } }}>
          <Descriptions.Item label="名称" span={2}>{shown.name}（{label(APPLICANT_KINDS, shown.kind)}）</Descriptions.Item>
          {shown.kind === 'enterprise' ? (
            <>
              <Descriptions.Item label="信用代码"><span className="mono">{shown.uscc ?? '—'}</span></Descriptions.Item>
              <Descriptions.Item label="法定代表人">{shown.legalRepresentative ?? '—'}</Descriptions.Item>
            </>
          ) : (
            <Descriptions.Item label="身份证号" span={2}><span className="mono">{shown.idNumber ?? '—'}</span></Descriptions.Item>
          )}
          <Descriptions.Item label="经办人">{shown.contactName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系电话"><span className="mono">{shown.contactPhone ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label="经办人证件" span={2}><span className="mono">{shown.contactIdNumber ?? '—'}</span></Descriptions.Item>
        </Descriptions>
      </Col>
      <Col span={10}>
        {p ? (
          <Descriptions size="small" bordered column={1} title="项目" styles={{ label: { width: 96 } }}>
            <Descriptions.Item label="项目名称">{p.name}</Descriptions.Item>
            <Descriptions.Item label="项目代码"><span className="mono">{p.code ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label="类别">{label(PROJECT_CATEGORIES, p.category)}</Descriptions.Item>
            <Descriptions.Item label="建设地点">{p.location ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="总投资">{p.investment !== null ? `${p.investment} 万元` : '—'}</Descriptions.Item>
            <Descriptions.Item label="准入审核">
              <Tag color={p.admissionStatus === 'approved' ? 'green' : p.admissionStatus === 'pending' ? 'blue' : 'red'}>{label(ADMISSION_STATUSES, p.admissionStatus)}</Tag>
              {p.admissionReason && <span className="muted">{p.admissionReason}</span>}
            </Descriptions.Item>
          </Descriptions>
        ) : <Empty description="未登记项目" />}
        {p && p.admissionStatus === 'pending' && (
          <Card size="small" title="准入审核" style={{ marginTop: 10 }}>
            <ActionForm<{ decision: 'approve' | 'refuse'; reason: string }> submitText="提交审核" initialValues={{ decision: 'approve', reason: '' }} onSubmit={(v) => api.call('project.review', { projectId: p.id, decision: v.decision, reason: v.reason ?? '' })}>
              {() => (
                <>
                  <Form.Item name="decision" style={{ marginBottom: 6 }}><Radio.Group options={[{ value: 'approve', label: '准入（符合法律法规、规划政策，属中心服务范围）' }, { value: 'refuse', label: '不予准入（须说明理由，由领导复核）' }]} /></Form.Item>
                  <Form.Item name="reason" label="审核意见"><Input.TextArea rows={2} /></Form.Item>
                </>
              )}
            </ActionForm>
          </Card>
        )}
        {p && p.admissionStatus === 'refusalPending' && ['leader', 'admin'].includes(user.role) && (
          <Card size="small" title="不予准入复核" style={{ marginTop: 10 }}>
            <Space>
              <Button danger onClick={() => void runStep(() => api.call('project.confirmRefusal', { projectId: p.id, confirm: true }), (m) => message.error(m), (m) => message.success(m))}>确认不予准入</Button>
              <Button onClick={() => void runStep(() => api.call('project.confirmRefusal', { projectId: p.id, confirm: false }), (m) => message.error(m), (m) => message.success(m))}>驳回，改为准入审核</Button>
            </Space>
          </Card>
        )}
        {['clerk', 'leader', 'admin'].includes(user.role) && (
          <Card size="small" title="分派代办员" style={{ marginTop: 10 }}>
            <ActionForm<{ agentId: string }> layout="inline" submitText="分派" initialValues={{ agentId: file.agentId ?? undefined } as never} resetOnSuccess={false} onSubmit={(v) => api.call('case.assign', { caseId: s.id, agentId: v.agentId })}>
              {() => <Form.Item name="agentId" rules={[{ required: true, message: '请选择代办员' }]}><Select style={{ width: 220 }} showSearch optionFilterProp="label" options={(agents.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.orgUnitName}）` }))} /></Form.Item>}
            </ActionForm>
          </Card>
        )}
      </Col>
    </Row>
  );
}

function Entrustments({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const caseId = file.summary.id;
  return (
    <Row gutter={12}>
      <Col span={15}>
        <Table size="small" rowKey="id" pagination={false} dataSource={file.entrustments} locale={{ emptyText: '尚未生成委托文书' }}
          columns={[
            { title: '文书', width: 130, render: (_, r) => label(ENTRUSTMENT_KINDS, r.kind) },
            { title: '委托范围', dataIndex: 'scope', ellipsis: true },
            { title: '期限至', dataIndex: 'termEnd', width: 96 },
            { title: '状态', width: 80, render: (_, r) => <Tag color={r.status === 'signed' ? 'green' : r.status === 'revoked' ? 'default' : 'blue'}>{label(ENTRUSTMENT_STATUSES, r.status)}</Tag> },
            {
              title: '操作', width: 220, render: (_, r) => (
                <Space size={4}>
                  <Button size="small" onClick={() => go({ page: 'print', caseId, kind: r.kind === 'application' ? 'serviceApplication' : r.kind, extra: r.id })}>打印</Button>
                  {r.status === 'draft' && <Button size="small" type="primary" onClick={() => void runStep(() => api.call('entrustment.sign', { entrustmentId: r.id }), (m) => message.error(m), (m) => message.success(m), '已登记签署')}>登记已签署</Button>}
                  {r.status !== 'revoked' && (
                    <Popconfirm title="撤销委托？" description={<Input id={`revoke-${r.id}`} placeholder="撤销原因" />} onConfirm={() => {
                      const reason = (document.getElementById(`revoke-${r.id}`) as HTMLInputElement | null)?.value ?? '';
                      return runStep(() => api.call('entrustment.revoke', { entrustmentId: r.id, reason }), (m) => message.error(m), (m) => message.success(m), '已撤销');
                    }}><Button size="small" danger>撤销</Button></Popconfirm>
                  )}
                </Space>
              ),
            },
          ]} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>流程：生成文书 → 打印 → 申请人签字盖章 → 扫描件拖入“附件” → 登记已签署。代办不包办、服务不揽责：申请人仍是法定申请主体。</Typography.Paragraph>
      </Col>
      <Col span={9}>
        <Card size="small" title="生成委托文书">
          <ActionForm<{ kind: string; scope: string; termStart?: Dayjs; termEnd?: Dayjs; authorizedPerson?: string; authorizedIdNumber?: string; authorizedPhone?: string }> testId="entrust-form" draftKey={`entrust:${caseId}`} submitText="生成" initialValues={{ kind: 'agreement', scope: '全程代办' }}
            onSubmit={(v) => api.call('entrustment.create', { caseId, kind: v.kind as never, scope: v.scope, termStart: dateStr(v.termStart), termEnd: dateStr(v.termEnd), authorizedPerson: v.authorizedPerson, authorizedIdNumber: v.authorizedIdNumber, authorizedPhone: v.authorizedPhone })}>
            {() => (
              <>
                <Form.Item name="kind" label="文书"><Select options={options(ENTRUSTMENT_KINDS)} /></Form.Item>
                <Form.Item name="scope" label="委托范围（事项或阶段）" rules={[{ required: true, message: '请填写委托范围' }]}><Input.TextArea rows={2} /></Form.Item>
                <Row gutter={8}>
                  <Col span={12}><Form.Item name="termStart" label="委托期限自"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={12}><Form.Item name="termEnd" label="至"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
                </Row>
                <Row gutter={8}>
                  <Col span={8}><Form.Item name="authorizedPerson" label="受托人"><Input /></Form.Item></Col>
                  <Col span={16}><Form.Item name="authorizedIdNumber" label="受托人身份证号" validateDebounce={250} rules={[checkRule(validateResidentId)]}><Input className="mono" maxLength={20} /></Form.Item></Col>
                </Row>
                <Form.Item name="authorizedPhone" label="受托人电话" validateDebounce={250} rules={[checkRule(validatePhone)]}><Input className="mono" maxLength={20} /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
    </Row>
  );
}

function Plan({ file }: { file: CaseFileDto }) {
  const { message, modal } = App.useApp();
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
  if (!plan) {
    return (
      <Card size="small" title="制定代办服务计划书" style={{ maxWidth: 640 }}>
        <ActionForm<{ templateId: string; startDate?: Dayjs }> testId="plan-form" submitText="按模板生成计划书" initialValues={{ startDate: dayjs() } as never}
          onSubmit={(v) => api.call('plan.create', { caseId, templateId: v.templateId, startDate: dateStr(v.startDate) })}>
          {() => (
            <>
              <Form.Item name="templateId" label="计划书模板" rules={[{ required: true, message: '请选择计划书模板' }]}>
                <Select placeholder="按项目类别选择" options={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.items.length}项）` }))} />
              </Form.Item>
              <Form.Item name="startDate" label="计划开始日期"><DatePicker /></Form.Item>
            </>
          )}
        </ActionForm>
      </Card>
    );
  }
  return (
    <div>
      <div style={{ marginBottom: 8, display: 'flex', gap: 8, alignItems: 'center' }}>
        <span className="muted">模板：{plan.templateName ?? '自定义'}&emsp;共 {plan.items.length} 项，已办结 {plan.items.filter((i) => i.status === 'approved').length} 项</span>
        <span style={{ flex: 1 }} />
        <ActionForm<{ catalogItemId: string; parallelGroup: number }> layout="inline" submitText="添加事项" initialValues={{ parallelGroup: 1 }} onSubmit={(v) => api.call('plan.addItem', { caseId, catalogItemId: v.catalogItemId, parallelGroup: v.parallelGroup })}>
          {() => (
            <>
              <Form.Item name="catalogItemId" rules={[{ required: true, message: '请选择事项' }]}><Select showSearch optionFilterProp="label" placeholder="从代办目录选择事项" style={{ width: 300 }} options={(catalogue.data ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))} /></Form.Item>
              <Form.Item name="parallelGroup" label="并联组"><InputNumber min={0} max={99} style={{ width: 60 }} /></Form.Item>
            </>
          )}
        </ActionForm>
      </div>
      {byStage.map(([stage, items]) => (
        <div className="stage-block" key={stage}>
          <div className="stage-title">第{stage || '—'}阶段&emsp;{label(STAGES, stage)}</div>
          <Table<PlanItemDto> size="small" rowKey="id" pagination={false} dataSource={[...items].sort((a, b) => a.parallelGroup - b.parallelGroup)}
            columns={[
              { title: '并联组', dataIndex: 'parallelGroup', width: 60, render: (g: number) => <Tag>{g}</Tag> },
              { title: '事项', render: (_, r) => <span>{r.code && <span className="muted mono">{r.code} </span>}{r.name}</span> },
              { title: '部门', dataIndex: 'department', width: 130, ellipsis: true },
              { title: '时限', width: 90, render: (_, r) => (r.limitValue !== null ? `${r.limitValue}${label(LIMIT_UNITS, r.limitUnit)}` : '—') },
              { title: '到期', dataIndex: 'dueDate', width: 92 },
              { title: '剩余', width: 120, render: (_, r) => (r.status === 'approved' || r.status === 'refused' ? <span className="muted">—</span> : <DaysLeft days={r.workingDaysLeft} />) },
              { title: '批文文号', dataIndex: 'approvalDocNo', width: 120, ellipsis: true },
              {
                title: '状态', width: 136, render: (_, r) => (
                  <Select size="small" value={r.status} style={{ width: 116 }} data-testid={`item-status-${r.id}`}
                    disabled={isPlanItemFinal(r.status)}
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

function Progress({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const items = file.plan?.items ?? [];
  return (
    <Row gutter={12}>
      <Col span={9}>
        <Card size="small" title="记录进度（回车提交）">
          <ActionForm<{ kind: string; text: string; hours: number; at?: Dayjs; planItemId?: string }> testId="progress-form" draftKey={`progress:${caseId}`} submitText="保存进度" initialValues={{ kind: 'phone', hours: 0.5 }}
            onSubmit={(v) => api.call('progress.add', { caseId, kind: v.kind as never, text: v.text, hours: v.hours, at: dateStr(v.at), planItemId: v.planItemId })}>
            {() => (
              <>
                <Form.Item name="kind" label="类型"><Radio.Group optionType="button" size="small" options={options(PROGRESS_KINDS)} /></Form.Item>
                <Form.Item name="text" label="内容" rules={[{ required: true, message: '请填写进度内容' }]}><Input.TextArea rows={3} placeholder="如：电话联系经办人，告知补正材料清单" onPressEnter={(e) => { if (!e.shiftKey) { e.preventDefault(); (e.currentTarget.form as HTMLFormElement | null)?.requestSubmit(); } }} /></Form.Item>
                <Row gutter={8}>
                  <Col span={8}><Form.Item name="hours" label="工时（小时）"><InputNumber min={0} max={24} step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={16}><Form.Item name="at" label="日期（默认今天）"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
                </Row>
                <Form.Item name="planItemId" label="关联事项"><Select allowClear options={items.map((i) => ({ value: i.id, label: i.name }))} /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
      <Col span={15}>
        <div className="muted" style={{ marginBottom: 8 }}>共 {file.progress.length} 条，累计工时 {file.progress.reduce((a, p) => a + p.hours, 0)} 小时</div>
        {file.progress.length === 0 ? <Empty description="暂无进度记录" /> : (
          <Timeline
            items={file.progress.map((p) => ({
              key: p.id,
              children: (
                <div className="timeline-entry">
                  <div><Tag>{label(PROGRESS_KINDS, p.kind)}</Tag><b>{dateOnly(p.at)}</b> <span className="muted">{p.authorName} · {p.hours} 小时{p.planItemId ? ` · ${items.find((i) => i.id === p.planItemId)?.name ?? ''}` : ''}</span></div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{p.text}</div>
                </div>
              ),
            }))}
          />
        )}
      </Col>
    </Row>
  );
}

function Problems({ file }: { file: CaseFileDto }) {
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

function Materials({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const { message } = App.useApp();
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
            { title: '交接人', dataIndex: 'counterpart', width: 80 },
            { title: '材料', render: (_, r) => r.items.map((i) => `${i.name}（原${i.originals}/复${i.copies}）`).join('；') },
            { title: '', width: 70, render: (_, r) => <Button size="small" onClick={() => go({ page: 'print', caseId, kind: 'handoverReceipt', extra: r.id })}>回执</Button> },
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

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function Attachments({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const caseId = file.summary.id;
  const [over, setOver] = useState(false);
  const [viewing, setViewing] = useState<{ name: string; url: string; mime: string } | null>(null);
  const upload = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      await runStep(async () => api.call('attachment.add', { caseId, name: f.name, mime: f.type || 'application/octet-stream', dataBase64: toBase64(await f.arrayBuffer()) }), (m) => message.error(`${f.name}：${m}`), (m) => message.success(`${f.name} ${m}`), '已添加');
    }
  };
  const view = async (a: AttachmentDto) => {
    try {
      const r = await api.call('attachment.get', { attachmentId: a.id });
      const bin = Uint8Array.from(atob(r.dataBase64), (c) => c.charCodeAt(0));
      if (viewing) URL.revokeObjectURL(viewing.url);
      setViewing({ name: r.name, mime: r.mime, url: URL.createObjectURL(new Blob([bin], { type: r.mime })) });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Row gutter={12}>
      <Col span={10}>
        <label className={`drop-zone${over ? ' over' : ''}`} style={{ display: 'block', cursor: 'pointer' }}
          onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
          onDrop={(e) => { e.preventDefault(); setOver(false); void upload(e.dataTransfer.files); }}>
          把扫描件拖到这里，或点击选择文件（签字的委托书、身份证复印件、批文等，单个不超过20MB）
          <input type="file" multiple hidden data-testid="attachment-input" onChange={(e) => void upload(e.target.files)} />
        </label>
        <Table size="small" rowKey="id" pagination={false} dataSource={file.attachments} style={{ marginTop: 8 }} locale={{ emptyText: '暂无附件' }}
          onRow={(r) => ({ onClick: () => void view(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: '文件', dataIndex: 'name', ellipsis: true },
            { title: '大小', width: 70, render: (_, r) => `${Math.ceil(r.size / 1024)}KB` },
            { title: '添加', width: 130, render: (_, r) => <span className="muted">{r.addedByName} {dateOnly(r.addedAt)}</span> },
          ]} />
      </Col>
      <Col span={14}>
        {viewing ? (
          viewing.mime.startsWith('image/') ? <img src={viewing.url} alt={viewing.name} style={{ maxWidth: '100%', border: '1px solid #ddd' }} /> :
            viewing.mime === 'application/pdf' ? <iframe title={viewing.name} src={viewing.url} className="print-frame" /> :
              <Empty description={`${viewing.name}：该类型不能预览`} />
        ) : <Empty description="点击左侧文件预览" />}
      </Col>
    </Row>
  );
}

function Transfers({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const orgs = useApi('orgUnit.list', {});
  const user = useSession((s) => s.user)!;
  return (
    <Row gutter={12}>
      <Col span={15}>
        <TransferTable rows={file.transfers} myOrgUnitId={user.orgUnitId} />
      </Col>
      <Col span={9}>
        <Card size="small" title="转办 / 联办">
          <ActionForm<{ kind: string; toOrgUnitId: string; reason: string }> testId="transfer-form" draftKey={`transfer:${caseId}`} submitText="发送" initialValues={{ kind: 'down' }}
            onSubmit={(v) => api.call('transfer.send', { caseId, kind: v.kind as never, toOrgUnitId: v.toOrgUnitId, reason: v.reason })}>
            {() => (
              <>
                <Form.Item name="kind" label="类型"><Radio.Group optionType="button" options={options(TRANSFER_KINDS).map((o) => ({ ...o, label: o.value === 'down' ? '转办（交有权限的机构）' : '联办（请上级联合办理）' }))} /></Form.Item>
                <Form.Item name="toOrgUnitId" label="接收机构" rules={[{ required: true, message: '请选择接收机构' }]}>
                  <Select showSearch optionFilterProp="label" options={(orgs.data ?? []).filter((o) => o.id !== user.orgUnitId).map((o) => ({ value: o.id, label: o.name }))} />
                </Form.Item>
                <Form.Item name="reason" label="事由" rules={[{ required: true, message: '请填写转办事由' }]}><Input.TextArea rows={3} placeholder="说明需要对方办理的事项和已办情况" /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
    </Row>
  );
}

export function TransferTable({ rows, myOrgUnitId, showCase }: { rows: TransferDto[]; myOrgUnitId: string; showCase?: boolean }) {
  const { message } = App.useApp();
  const [returning, setReturning] = useState<string | null>(null);
  const [reason, setReason] = useState('');
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
            if (returning === r.id) return (
              <Space.Compact><Input size="small" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="退回理由" /><Button size="small" danger onClick={() => void runStep(() => api.call('transfer.return', { transferId: r.id, reason }), (m) => message.error(m), () => { setReturning(null); setReason(''); message.success('已退回'); })}>退回</Button></Space.Compact>
            );
            return (
              <Space size={4}>
                <Button size="small" type="primary" onClick={() => void runStep(() => api.call('transfer.accept', { transferId: r.id }), (m) => message.error(m), (m) => message.success(m), '已接收')}>接收</Button>
                <Button size="small" onClick={() => setReturning(r.id)}>退回…</Button>
              </Space>
            );
          },
        },
      ]} />
  );
}

function Closing({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  if (file.closing) {
    return (
      <Descriptions size="small" bordered column={2} style={{ maxWidth: 720 }}>
        <Descriptions.Item label="结案方式">{{ completed: '办结', suspended: '中止', withdrawn: '退件/终止' }[file.closing.outcome]}</Descriptions.Item>
        <Descriptions.Item label="时间">{dateTime(file.closing.at)}</Descriptions.Item>
        <Descriptions.Item label="原因" span={2}>{file.closing.reason}</Descriptions.Item>
        <Descriptions.Item label="经办">{file.closing.byName}</Descriptions.Item>
      </Descriptions>
    );
  }
  const open = file.plan?.items.filter((i) => i.status !== 'approved' && i.status !== 'refused').length ?? 0;
  return (
    <Card size="small" title="结案" style={{ maxWidth: 640 }}>
      {open > 0 && <Alert type="warning" showIcon message={`计划书中还有 ${open} 项未办结`} style={{ marginBottom: 8 }} />}
      <ActionForm<{ outcome: string; reason: string }> draftKey={`closing:${caseId}`} submitText="结案" danger initialValues={{ outcome: 'completed' }}
        onSubmit={(v) => api.call('case.close', { caseId, outcome: v.outcome as never, reason: v.reason })}>
        {() => (
          <>
            <Form.Item name="outcome" label="结案方式"><Radio.Group options={[{ value: 'completed', label: '办结' }, { value: 'suspended', label: '中止' }, { value: 'withdrawn', label: '退件/终止' }]} /></Form.Item>
            <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写结案原因' }]}><Input.TextArea rows={3} /></Form.Item>
          </>
        )}
      </ActionForm>
    </Card>
  );
}

function Evaluations({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  return (
    <Row gutter={12}>
      <Col span={15}>
        {file.evaluations.length === 0 ? <Empty description="暂无评价" /> : file.evaluations.map((e) => <EvaluationCard key={e.id} e={e} />)}
      </Col>
      <Col span={9}>
        <Card size="small" title="登记好差评">
          <ActionForm<{ level: number; source: string; comment?: string }> submitText="登记" initialValues={{ level: 5, source: 'qr' }} onSubmit={(v) => api.call('evaluation.add', { caseId, level: v.level, source: v.source as never, comment: v.comment })}>
            {() => (
              <>
                <Form.Item name="level" label="评价"><Radio.Group options={[5, 4, 3, 2, 1].map((n) => ({ value: n, label: label(EVALUATION_LEVELS, n) }))} /></Form.Item>
                <Form.Item name="source" label="渠道"><Select options={options(EVALUATION_SOURCES)} /></Form.Item>
                <Form.Item name="comment" label="评价内容"><Input.TextArea rows={2} /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
    </Row>
  );
}

function EvaluationCard({ e }: { e: EvaluationDto }) {
  const { message } = App.useApp();
  const bad = e.level <= 2;
  return (
    <Card size="small" style={{ marginBottom: 8 }} title={<span><Tag color={bad ? 'red' : 'green'}>{label(EVALUATION_LEVELS, e.level)}</Tag>{label(EVALUATION_SOURCES, e.source)} · {dateTime(e.at)}</span>}>
      {e.comment && <p>{e.comment}</p>}
      {bad && (
        <Row gutter={8}>
          <Col span={12}>
            <b>回访</b>{e.callbacks.length === 0 && <Tag color="red" style={{ marginLeft: 6 }}>未回访</Tag>}
            {e.callbacks.map((c) => <div key={c.id} className="muted">{dateOnly(c.at)} {c.byName}：{c.content}（{c.result}）</div>)}
            <ActionForm<{ content: string; result: string }> submitText="登记回访" onSubmit={(v) => api.call('callback.add', { evaluationId: e.id, ...v })}>
              {() => (<><Form.Item name="content" rules={[{ required: true, message: '请填写回访内容' }]}><Input placeholder="回访内容" /></Form.Item><Form.Item name="result" rules={[{ required: true, message: '请填写回访结果' }]}><Input placeholder="回访结果" /></Form.Item></>)}
            </ActionForm>
          </Col>
          <Col span={12}>
            <b>整改</b>{e.rectifications.length === 0 && <Tag color="red" style={{ marginLeft: 6 }}>未整改</Tag>}
            {e.rectifications.map((r) => (
              <div key={r.id}>{r.measure} <span className="muted">期限 {r.deadline ?? '—'}</span> {r.done ? <Tag color="green">已完成</Tag> : <Button size="small" onClick={() => void runStep(() => api.call('rectification.complete', { rectificationId: r.id }), (m) => message.error(m))}>完成</Button>}</div>
            ))}
            <ActionForm<{ measure: string; deadline?: Dayjs }> submitText="登记整改" onSubmit={(v) => api.call('rectification.add', { evaluationId: e.id, measure: v.measure, deadline: dateStr(v.deadline) })}>
              {() => (<><Form.Item name="measure" rules={[{ required: true, message: '请填写整改措施' }]}><Input placeholder="整改措施" /></Form.Item><Form.Item name="deadline"><DatePicker placeholder="整改期限" /></Form.Item></>)}
            </ActionForm>
          </Col>
        </Row>
      )}
    </Card>
  );
}
