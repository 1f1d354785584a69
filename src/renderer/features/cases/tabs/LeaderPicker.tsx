// 责任领导 of a case: set or change it (a plain list of leaders for now; the case's office first
// comes with the pickers). A key project (重点项目) without one cannot be accepted or started.
import { Alert, Card, Form, Select } from 'antd';
import type { CaseFileDto } from '../../../../shared/api/index';
import { api, useApi } from '../../../lib/api';
import { mayCall } from '../../../lib/access';
import { contract } from '../../../../shared/api/index';
import { useSession } from '../../../lib/session';
import { zodRules } from '../../../ui/zod-rules';
import { ActionForm } from '../parts';

const rules = zodRules(contract['case.setLeader'].input, (v: { leaderId?: string }) => ({ caseId: '-', ...v }));

export function LeaderPicker({ file }: { file: CaseFileDto }) {
  const user = useSession((s) => s.user)!;
  const leaders = useApi('user.options', { role: 'leader' });
  if (!mayCall('case.setLeader', user)) return null;
  const keyWithout = file.project?.category === 'key' && !file.leaderId;
  return (
    <Card size="small" title="责任领导" style={{ marginTop: 10 }} data-testid="leader-picker">
      {keyWithout && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message="重点项目须指定责任领导，指定前不能受理、签订委托或开始办理" />}
      <ActionForm<{ leaderId: string }> layout="inline" submitText={file.leaderId ? '更换' : '指定'} initialValues={{ leaderId: file.leaderId ?? undefined } as never} resetOnSuccess={false}
        onSubmit={(v) => api.call('case.setLeader', { caseId: file.summary.id, leaderId: v.leaderId })}>
        {() => (
          <Form.Item name="leaderId" rules={[rules.rule('leaderId')]}>
            <Select style={{ width: 220 }} showSearch optionFilterProp="label" placeholder="选择责任领导" options={(leaders.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.orgUnitName}）` }))} />
          </Form.Item>
        )}
      </ActionForm>
    </Card>
  );
}
