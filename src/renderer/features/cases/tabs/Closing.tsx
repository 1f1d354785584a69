// 案卷 tab: Closing.
import { Alert, Card, Descriptions, Form, Input, Radio } from 'antd';
import type { CaseFileDto } from '../../../../shared/api/index';
import { api } from '../../../lib/api';
import { useMayCall } from '../../../lib/use-may-call';
import { dateTime } from '../../../ui/format';
import { ActionForm } from '../parts';

export function Closing({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const mayClose = useMayCall('case.close');
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
  if (!mayClose) return <Alert type="info" showIcon message="本件尚未结案；结案由代办员或窗口人员办理" style={{ maxWidth: 640 }} />;
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
