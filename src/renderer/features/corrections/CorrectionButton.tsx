// 更正: a button that opens a form to correct registered data (applicant, the case's contact, the
// project) after saving. Only fields that differ are sent as changes; a blank ID field keeps the
// stored number. On a refusal the form stays open with what was typed and the Chinese message.
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import type { ApiName, CaseContactDto, CaseFileDto } from '../../../shared/api/index';
import { PROJECT_CATEGORIES } from '../../../shared/domain/enums';
import { validatePhone, validateProjectCode, validateResidentId, validateUscc } from '../../../shared/domain/validators';
import { api } from '../../lib/api';
import { mayCall } from '../../lib/access';
import { useSession } from '../../lib/session';
import { applyApiError } from '../../ui/forms';
import { options } from '../../ui/format';
import { checkRule } from '../cases/parts';

type Values = Record<string, unknown>;

function CorrectionModal(props: {
  name: ApiName;
  title: string;
  testId: string;
  caseId: string;
  initialValues: Values;
  children: React.ReactNode;
}) {
  const { message } = App.useApp();
  const user = useSession((s) => s.user);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  if (!mayCall(props.name, user)) return null;
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = (await api.call(props.name, { ...values, caseId: props.caseId } as never)) as { changed: string[] };
      setOpen(false);
      void message.success(r.changed.length ? `已更正 ${r.changed.length} 项，已记入修改记录` : '没有修改');
    } catch (e) {
      setError(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" type="link" data-testid={props.testId} onClick={() => { form.resetFields(); form.setFieldsValue(props.initialValues); setError(null); setOpen(true); }}>更正</Button>
      <Modal
        open={open}
        title={props.title}
        okText="保存更正"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        width={560}
      >
        <div data-testid={`${props.testId}-form`}>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} role="alert" />}
          <Form form={form} name={props.testId} layout="vertical" initialValues={props.initialValues} onFinish={(v) => void submit(v as Values)} onFinishFailed={() => setError('请检查标红的项目')}>
            {props.children}
            <Form.Item label="更正原因" name="reason" rules={[{ max: 200, message: '不能超过200个字' }]}><Input placeholder="如：登记时填错，按营业执照更正" /></Form.Item>
          </Form>
        </div>
      </Modal>
    </>
  );
}

const keepHint = (masked: string | null) => (masked ? `当前 ${masked}，不修改请留空` : '未登记');

/** The stored ID number when it was revealed, else blank (the field then keeps the stored number). */
const unmasked = (v: string | null | undefined) => (v && !v.includes('*') ? v : undefined);

export function CorrectApplicantButton({ file, revealed }: { file: CaseFileDto; revealed: CaseFileDto['applicant'] | null }) {
  const a = file.applicant;
  const enterprise = a.kind === 'enterprise';
  return (
    <CorrectionModal name="applicant.correct" title="更正申请人 / 项目单位" testId="correct-applicant" caseId={file.summary.id}
      initialValues={{ name: a.name, uscc: a.uscc ?? undefined, idNumber: unmasked(revealed?.idNumber), legalRepresentative: a.legalRepresentative ?? undefined }}>
      <Alert type="info" showIcon style={{ marginBottom: 8 }} message="申请人由其各案卷共用：更正后，该申请人的所有案卷都显示更正后的信息。" />
      <Form.Item label={enterprise ? '单位名称' : '姓名'} name="name" rules={[{ required: true, message: '请填写申请人名称' }]}><Input /></Form.Item>
      {enterprise ? (
        <Row gutter={12}>
          <Col span={12}><Form.Item label="统一社会信用代码" name="uscc" validateDebounce={250} rules={[checkRule(validateUscc)]}><Input className="mono" maxLength={20} /></Form.Item></Col>
          <Col span={12}><Form.Item label="法定代表人" name="legalRepresentative"><Input /></Form.Item></Col>
        </Row>
      ) : (
        <Form.Item label="身份证号码" name="idNumber" validateDebounce={250} rules={[checkRule(validateResidentId)]}><Input className="mono" maxLength={20} placeholder={keepHint(a.idNumber)} /></Form.Item>
      )}
    </CorrectionModal>
  );
}

export function CorrectContactButton({ file, revealed }: { file: CaseFileDto; revealed: CaseContactDto | null }) {
  const c = file.contact;
  return (
    <CorrectionModal name="case.correctContact" title="更正经办人" testId="correct-contact" caseId={file.summary.id}
      initialValues={{ name: c.name ?? undefined, idNumber: unmasked(revealed?.idNumber), phone: unmasked(revealed?.phone) }}>
      <Form.Item label="经办人姓名" name="name" rules={[{ required: true, message: '请填写经办人姓名' }]}><Input /></Form.Item>
      <Row gutter={12}>
        <Col span={12}><Form.Item label="经办人身份证号" name="idNumber" validateDebounce={250} rules={[checkRule(validateResidentId)]}><Input className="mono" maxLength={20} placeholder={keepHint(c.idNumber)} /></Form.Item></Col>
        <Col span={12}><Form.Item label="联系电话" name="phone" validateDebounce={250} rules={[checkRule(validatePhone)]}><Input className="mono" maxLength={20} placeholder={keepHint(c.phone)} /></Form.Item></Col>
      </Row>
    </CorrectionModal>
  );
}

export function CorrectProjectButton({ file }: { file: CaseFileDto }) {
  const p = file.project;
  if (!p) return null;
  return (
    <CorrectionModal name="project.correct" title="更正项目" testId="correct-project" caseId={file.summary.id}
      initialValues={{ name: p.name, code: p.code ?? undefined, category: p.category, location: p.location ?? undefined, investment: p.investment ?? undefined }}>
      <Form.Item label="项目名称" name="name" rules={[{ required: true, message: '请填写项目名称' }]}><Input /></Form.Item>
      <Row gutter={12}>
        <Col span={14}><Form.Item label="项目代码" name="code" validateDebounce={250} rules={[checkRule((s) => validateProjectCode(s))]} extra={<span className="field-hint">如 2020-350102-47-01-012345</span>}><Input className="mono" maxLength={26} /></Form.Item></Col>
        <Col span={10}><Form.Item label="项目类别" name="category"><Select options={options(PROJECT_CATEGORIES)} /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col span={14}><Form.Item label="建设地点" name="location"><Input /></Form.Item></Col>
        <Col span={10}><Form.Item label="总投资（万元）" name="investment"><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
    </CorrectionModal>
  );
}
