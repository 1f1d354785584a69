// 受理登记: channel, applicant (look up or register), project, mode (代办 / 帮办: 导办 协办 转办 联办),
// agent and leader. Fields validate as you type with the shared validators; errors show beside the
// field in Chinese; the draft is kept (zustand, localStorage) so nothing is lost on an error.
import { Alert, AutoComplete, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Tag } from 'antd';
import { NameDiffersDialog, type NameChoice } from './NameDiffersDialog';
import { useEffect, useMemo, useState } from 'react';
import type { ApplicantDto, IntakeResultDto } from '../../../shared/api/index';
import { APPLICANT_KINDS, CHANNELS, HELP_KINDS, MODES, PROJECT_CATEGORIES } from '../../../shared/domain/enums';
import { validatePhone, validateProjectCode, validateResidentId, validateUscc } from '../../../shared/domain/validators';
import { api } from '../../lib/api';
import { useDrafts } from '../../lib/drafts';
import { go } from '../../lib/router';
import { useSession } from '../../lib/session';
import { applyApiError } from '../../ui/forms';
import { checkRule } from '../cases/parts';
import { StaffPicker } from '../staff/StaffPicker';
import { label, options } from '../../ui/format';


const DRAFT = 'intake';

export function IntakePage() {
  const user = useSession((s) => s.user)!;
  const draftKey = `${DRAFT}:${user.userId}`;
  const saved = useDrafts((s) => s.drafts[draftKey]);
  const saveDraft = useDrafts((s) => s.save);
  const clearDraft = useDrafts((s) => s.clear);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [existing, setExisting] = useState<ApplicantDto | null>(null);
  const [lookup, setLookup] = useState<ApplicantDto[]>([]);
  // The USCC / ID number is registered under another name: the clerk says which is right.
  const [differs, setDiffers] = useState<{ answer: Extract<IntakeResultDto, { outcome: 'applicantDiffers' }>; values: Record<string, unknown> } | null>(null);
  const mode = Form.useWatch('mode', form) as string | undefined;
  const kind = Form.useWatch(['applicant', 'kind'], form) as string | undefined;

  const initial = useMemo(() => withContact(saved) ?? { channel: 'counter', mode: 'proxy', applicant: { kind: 'enterprise' }, project: { category: 'social' } }, []);
  useEffect(() => {
    const ex = (saved as { _existing?: ApplicantDto } | undefined)?._existing;
    if (ex) setExisting(ex);
  }, []);

  const searchApplicants = async (q: string) => {
    if (q.trim().length < 2) return setLookup([]);
    try {
      setLookup(await api.call('applicant.search', { q }));
    } catch {
      setLookup([]);
    }
  };

  const submit = async (values: Record<string, unknown>, applicantNameChoice?: NameChoice) => {
    setBusy(true);
    setError(null);
    const input = {
      contact: values.contact,
      ...(applicantNameChoice ? { applicantNameChoice } : {}),
      channel: values.channel,
      mode: values.mode,
      helpKind: values.mode === 'help' ? values.helpKind : undefined,
      summary: values.summary,
      agentId: values.agentId,
      leaderId: values.leaderId,
      ...(existing ? { applicantId: existing.id } : { applicant: values.applicant }),
      ...(values.mode === 'proxy' || (values.project as { name?: string } | undefined)?.name ? { project: values.project } : {}),
    };
    try {
      const r = await api.call('intake.register', input as never);
      if (r.outcome === 'applicantDiffers') {
        setDiffers({ answer: r, values });
        return;
      }
      setDiffers(null);
      clearDraft(draftKey);
      go({ page: 'case', id: r.caseId, tab: values.mode === 'proxy' ? 'entrust' : 'overview' });
    } catch (e) {
      setDiffers(null); // the refusal shows beside the fields, not behind the dialog
      setError(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    clearDraft(draftKey);
    setExisting(null);
    form.resetFields();
    form.setFieldsValue({ channel: 'counter', mode: 'proxy', applicant: { kind: 'enterprise' }, project: { category: 'social' } });
  };

  return (
    <div className="page">
      <div className="page-title">
        <h2>受理登记</h2>
        <Space>
          {saved && <Tag color="blue">已自动保存草稿</Tag>}
          <Button onClick={reset}>清空重填</Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} role="alert" data-testid="form-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        onFinishFailed={() => setError('请检查标红的项目')}
        onValuesChange={(_c, all) => saveDraft(draftKey, { ...all, ...(existing ? { _existing: existing } : {}) })}
        requiredMark
        scrollToFirstError
      >
        <Row gutter={8}>
          <Col span={14}>
            <Card size="small" title="受理信息" style={{ marginBottom: 8 }}>
              <Row gutter={12}>
                <Col span={12}><Form.Item label="受理渠道" name="channel" rules={[{ required: true, message: '请选择受理渠道' }]}><Radio.Group optionType="button" options={options(CHANNELS)} /></Form.Item></Col>
                <Col span={6}><Form.Item label="服务方式" name="mode" rules={[{ required: true }]}><Radio.Group optionType="button" options={options(MODES)} /></Form.Item></Col>
                <Col span={6}>{mode === 'help' && <Form.Item label="帮办类型" name="helpKind" rules={[{ required: true, message: '请选择帮办类型' }]}><Select options={options(HELP_KINDS)} placeholder="导办/协办/转办/联办" /></Form.Item>}</Col>
              </Row>
              <Form.Item label="诉求摘要" name="summary" rules={[{ required: true, message: '请填写诉求摘要' }, { max: 500, message: '不能超过500个字' }]}>
                <Input.TextArea rows={2} placeholder="申请人要办什么、目前进展、需要帮什么" />
              </Form.Item>
            </Card>
            <Card size="small" title="申请人 / 项目单位" style={{ marginBottom: 8 }}
              extra={
                <AutoComplete
                  style={{ width: 300 }}
                  placeholder="查找已登记的申请人（名称、代码、证件号）"
                  onSearch={(q) => void searchApplicants(q)}
                  options={lookup.map((a) => ({ value: a.id, label: <span>{a.name} <span className="muted">{a.uscc ?? a.idNumber ?? ''}</span></span> }))}
                  onSelect={(id: string) => { const a = lookup.find((x) => x.id === id) ?? null; setExisting(a); if (a) saveDraft(draftKey, { ...form.getFieldsValue(true), _existing: a }); }}
                />
              }>
              {existing ? (
                <Alert type="info" showIcon message={<span>已选择：<b>{existing.name}</b>（{label(APPLICANT_KINDS, existing.kind)}）{existing.uscc ?? existing.idNumber ?? ''}</span>}
                  action={<Button size="small" onClick={() => { setExisting(null); saveDraft(draftKey, form.getFieldsValue(true)); }}>改为新登记</Button>} />
              ) : (
                <>
                  <Row gutter={12}>
                    <Col span={6}><Form.Item label="类型" name={['applicant', 'kind']} rules={[{ required: true }]}><Radio.Group optionType="button" options={options(APPLICANT_KINDS)} /></Form.Item></Col>
                    <Col span={18}><Form.Item label={kind === 'person' ? '姓名' : '单位名称'} name={['applicant', 'name']} rules={[{ required: true, message: kind === 'person' ? '请填写姓名' : '请填写单位名称' }]}><Input /></Form.Item></Col>
                  </Row>
                  <Row gutter={12}>
                    {kind === 'person' ? (
                      <Col span={12}><Form.Item label="身份证号码" name={['applicant', 'idNumber']} validateDebounce={250} rules={[checkRule(validateResidentId, true)]}><Input className="mono" maxLength={20} /></Form.Item></Col>
                    ) : (
                      <>
                        <Col span={12}><Form.Item label="统一社会信用代码" name={['applicant', 'uscc']} validateDebounce={250} rules={[checkRule(validateUscc, true)]}><Input className="mono" maxLength={20} placeholder="18位" /></Form.Item></Col>
                        <Col span={12}><Form.Item label="法定代表人" name={['applicant', 'legalRepresentative']}><Input /></Form.Item></Col>
                      </>
                    )}
                  </Row>
                </>
              )}
              {/* The person who acts is this case's own, also for an applicant already registered. */}
              <Row gutter={12}>
                <Col span={8}><Form.Item label="经办人（报批员）" name={['contact', 'name']} rules={[{ required: true, message: '请填写经办人姓名' }]}><Input /></Form.Item></Col>
                <Col span={8}><Form.Item label="经办人身份证号" name={['contact', 'idNumber']} validateDebounce={250} rules={[checkRule(validateResidentId)]}><Input className="mono" maxLength={20} /></Form.Item></Col>
                <Col span={8}><Form.Item label="联系电话" name={['contact', 'phone']} validateDebounce={250} rules={[checkRule(validatePhone, true)]}><Input className="mono" maxLength={20} /></Form.Item></Col>
              </Row>
            </Card>
          </Col>
          <Col span={10}>
            <Card size="small" title={mode === 'proxy' ? '项目（代办件必填）' : '项目（可选）'} style={{ marginBottom: 8 }}>
              <Form.Item label="项目名称" name={['project', 'name']} rules={mode === 'proxy' ? [{ required: true, message: '代办件须登记项目名称' }] : []}><Input /></Form.Item>
              <Row gutter={12}>
                <Col span={14}><Form.Item label="项目代码" name={['project', 'code']} validateDebounce={250} rules={[checkRule((s) => validateProjectCode(s))]} extra={<span className="field-hint">如 2020-350102-47-01-012345</span>}><Input className="mono" maxLength={26} /></Form.Item></Col>
                <Col span={10}><Form.Item label="项目类别" name={['project', 'category']}><Select options={options(PROJECT_CATEGORIES)} /></Form.Item></Col>
              </Row>
              <Row gutter={12}>
                <Col span={14}><Form.Item label="建设地点" name={['project', 'location']}><Input /></Form.Item></Col>
                <Col span={10}><Form.Item label="总投资（万元）" name={['project', 'investment']}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
              </Row>
            </Card>
            <Card size="small" title="分派" style={{ marginBottom: 8 }}>
              <Row gutter={12}>
                <Col span={12}><Form.Item label="代办员" name="agentId"><StaffPicker role="agent" allowClear data-testid="intake-agent" /></Form.Item></Col>
                <Col span={12}><Form.Item label="责任领导" name="leaderId"><StaffPicker role="leader" allowClear placeholder="重点项目须指定" data-testid="intake-leader" /></Form.Item></Col>
              </Row>
            </Card>
            <Button type="primary" htmlType="submit" block size="middle" loading={busy} data-testid="intake-submit">登记受理（回车提交）</Button>
            <div className="muted" style={{ fontSize: 12, marginTop: 6 }}>登记后进入案卷，代办件接着签署委托文书、制定代办服务计划书。代办不包办、服务不揽责。</div>
          </Col>
        </Row>
      </Form>
      {differs && (
        <NameDiffersDialog answer={differs.answer} busy={busy} onCancel={() => setDiffers(null)} onChoose={(choice) => void submit(differs.values, choice)} />
      )}
    </div>
  );
}

/** A draft saved before the contact had its own fields keeps what was typed there. */
function withContact(saved: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const a = saved?.applicant as { contactName?: unknown; contactIdNumber?: unknown; contactPhone?: unknown } | undefined;
  if (!saved || saved.contact || !a?.contactName) return saved;
  return { ...saved, contact: { name: a.contactName, idNumber: a.contactIdNumber, phone: a.contactPhone } };
}
