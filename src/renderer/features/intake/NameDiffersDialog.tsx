// The USCC / resident ID typed at intake is registered under another name (or legal
// representative): the clerk says which is right. Keeping the registered one registers the case for
// that applicant; choosing the typed one also corrects the applicant (audited, shown on all its cases).
import { Alert, Button, Descriptions, Modal, Space } from 'antd';
import type { IntakeResultDto } from '../../../shared/api/index';
import type { APPLICANT_NAME_CHOICES } from '../../../shared/api/cases';

export type NameChoice = (typeof APPLICANT_NAME_CHOICES)[number];
type Differs = Extract<IntakeResultDto, { outcome: 'applicantDiffers' }>;

const FIELD_LABELS: Record<Differs['differences'][number]['field'], string> = { name: '名称', legalRepresentative: '法定代表人' };

export function NameDiffersDialog(props: { answer: Differs; busy: boolean; onChoose: (choice: NameChoice) => void; onCancel: () => void }) {
  const { answer } = props;
  const nameDiffers = answer.differences.some((d) => d.field === 'name');
  return (
    <Modal open title="申请人信息与已登记的不一致" onCancel={props.onCancel} footer={null} width={560}>
      <div data-testid="name-differs">
        <Alert type="warning" showIcon message={answer.message} style={{ marginBottom: 10 }} />
        <Descriptions size="small" bordered column={1} styles={{ label: { width: 110 } }}>
          {answer.differences.map((d) => (
            <Descriptions.Item key={d.field} label={FIELD_LABELS[d.field]}>
              <div>已登记：<b>{d.registered}</b></div>
              <div>本次填写：<b>{d.typed}</b></div>
            </Descriptions.Item>
          ))}
        </Descriptions>
        <div className="muted" style={{ margin: '8px 0' }}>申请人由其各案卷共用；本次填写的经办人只记在新案卷上，不影响其他案卷。</div>
        <Space wrap>
          <Button type="primary" loading={props.busy} onClick={() => props.onChoose('registered')} data-testid="keep-registered">{nameDiffers ? `以已登记的“${answer.registeredName}”为准` : '以已登记的为准'}</Button>
          <Button loading={props.busy} onClick={() => props.onChoose('typed')} data-testid="use-typed">{nameDiffers ? `更正申请人为“${answer.typedName}”` : '更正为本次填写的'}</Button>
          <Button onClick={props.onCancel}>返回修改</Button>
        </Space>
      </div>
    </Modal>
  );
}
