// 案卷 tab: Overview.
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Radio, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import type { CaseFileDto } from '../../../../shared/api/index';
import { ADMISSION_STATUSES, APPLICANT_KINDS, PROJECT_CATEGORIES } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { mayCall } from '../../../lib/access';
import { useSession } from '../../../lib/session';
import { CorrectApplicantButton, CorrectContactButton, CorrectProjectButton } from '../../corrections/CorrectionButton';
import { CaseStatusTag, channelText, dateTime, label, modeText } from '../../../ui/format';
import { ActionForm, runStep } from '../parts';
import { StaffPicker } from '../../staff/StaffPicker';
import { LeaderPicker } from './LeaderPicker';

export function Overview({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const user = useSession((s) => s.user)!;
  const a = file.applicant;
  const p = file.project;
  const s = file.summary;
  // Revealed data is for the case as read then; a later change of the file shows masked again.
  const [revealed, setRevealedState] = useState<{ applicant: typeof a; contact: CaseFileDto['contact']; of: CaseFileDto } | null>(null);
  const setRevealed = (r: { applicant: typeof a; contact: CaseFileDto['contact'] }) => setRevealedState({ ...r, of: file });
  const current = revealed?.of === file ? revealed : null;
  const shownApplicant = current?.applicant ?? a;
  const shownContact = current?.contact ?? file.contact;
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
        <Descriptions size="small" bordered column={2} style={{ marginTop: 10 }} styles={{ label: { width: 96 } }} data-testid="applicant-block"
          title={<span>申请人 / 项目单位 {mayCall('case.reveal', user) && <Button size="small" type="link" data-testid="reveal" onClick={() => void api.call('case.reveal', { caseId: s.id }).then(setRevealed).catch((e: unknown) => message.error(String((e as Error).message)))}>显示完整证件号（将记入审计日志）</Button>}</span>}
          extra={<CorrectApplicantButton file={file} revealed={current?.applicant ?? null} />}>
          <Descriptions.Item label="名称" span={2}>{shownApplicant.name}（{label(APPLICANT_KINDS, shownApplicant.kind)}）</Descriptions.Item>
          {shownApplicant.kind === 'enterprise' ? (
            <>
              <Descriptions.Item label="信用代码"><span className="mono">{shownApplicant.uscc ?? '—'}</span></Descriptions.Item>
              <Descriptions.Item label="法定代表人">{shownApplicant.legalRepresentative ?? '—'}</Descriptions.Item>
            </>
          ) : (
            <Descriptions.Item label="身份证号" span={2}><span className="mono">{shownApplicant.idNumber ?? '—'}</span></Descriptions.Item>
          )}
        </Descriptions>
        <Descriptions size="small" bordered column={2} title="经办人（本案卷）" style={{ marginTop: 10 }} styles={{ label: { width: 96 } }} data-testid="contact-block"
          extra={<CorrectContactButton file={file} revealed={current?.contact ?? null} />}>
          <Descriptions.Item label="经办人">{shownContact.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系电话"><span className="mono">{shownContact.phone ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label="经办人证件" span={2}><span className="mono">{shownContact.idNumber ?? '—'}</span></Descriptions.Item>
        </Descriptions>
      </Col>
      <Col span={10}>
        {p ? (
          <Descriptions size="small" bordered column={1} title="项目" styles={{ label: { width: 96 } }} data-testid="project-block" extra={<CorrectProjectButton file={file} />}>
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
        {p && p.admissionStatus === 'pending' && mayCall('project.review', user) && (
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
        {p && p.admissionStatus === 'refusalPending' && mayCall('project.confirmRefusal', user) && (
          <Card size="small" title="不予准入复核" style={{ marginTop: 10 }}>
            <Space>
              <Button danger onClick={() => void runStep(() => api.call('project.confirmRefusal', { projectId: p.id, confirm: true }), (m) => message.error(m), (m) => message.success(m))}>确认不予准入</Button>
              <Button onClick={() => void runStep(() => api.call('project.confirmRefusal', { projectId: p.id, confirm: false }), (m) => message.error(m), (m) => message.success(m))}>驳回，改为准入审核</Button>
            </Space>
          </Card>
        )}
        {mayCall('case.assign', user) && (
          <Card size="small" title="分派代办员" style={{ marginTop: 10 }}>
            <ActionForm<{ agentId: string }> layout="inline" submitText="分派" initialValues={{ agentId: file.agentId ?? undefined } as never} resetOnSuccess={false} onSubmit={(v) => api.call('case.assign', { caseId: s.id, agentId: v.agentId })}>
              {() => <Form.Item name="agentId" rules={[{ required: true, message: '请选择代办员' }]}><StaffPicker role="agent" caseOrgUnitId={file.orgUnitId} style={{ width: 260 }} data-testid="assign-agent" /></Form.Item>}
            </ActionForm>
          </Card>
        )}
        <LeaderPicker file={file} />
      </Col>
    </Row>
  );
}
