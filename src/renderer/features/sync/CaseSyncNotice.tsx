// A case file with what sync left for it above: changes the server refused (with what was typed, so
// nothing is lost, and 重新编辑 filling the form again) and conflicts waiting on the 同步 page.
import { Alert, App, Button, Space } from 'antd';
import { useState } from 'react';
import type { RejectedChangeDto } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { CaseFile } from '../cases/CaseFile';
import { runStep } from '../cases/parts';
import { reEdit } from './actions';

export function CaseWithSyncNotice({ id, tab }: { id: string; tab?: string | undefined }) {
  // 重新编辑 writes the form's draft; a new key mounts the file again so the form reads it.
  const [refills, setRefills] = useState(0);
  return (
    <>
      <CaseSyncNotice caseId={id} onRefill={() => setRefills((n) => n + 1)} />
      <CaseFile key={refills} id={id} {...(tab ? { tab } : {})} />
    </>
  );
}

function CaseSyncNotice({ caseId, onRefill }: { caseId: string; onRefill: () => void }) {
  const { message } = App.useApp();
  const { data } = useApi('sync.overview', {});
  const refused = (data?.rejections ?? []).filter((r) => r.case?.id === caseId);
  const conflicts = (data?.conflicts ?? []).filter((c) => c.case?.id === caseId);
  if (!refused.length && !conflicts.length) return null;
  const again = (r: RejectedChangeDto) => {
    reEdit(r);
    onRefill();
    if (r.refill) message.info('已把当时填写的内容填回表单，请核对后重新提交');
  };
  return (
    <div style={{ padding: '12px 16px 0' }} data-testid="case-sync-notice">
      {refused.map((r) => (
        <Alert key={r.seq} type="error" showIcon style={{ marginBottom: 8 }}
          title={<span>{r.action}未被同步服务器接受：{r.reason}</span>}
          description={
            <div style={{ fontSize: 13 }}>
              <div>当时填写的内容：{r.fields.length ? r.fields.map((f) => `${f.label}：${f.value}`).join('；') : '（无）'}</div>
              <Space style={{ marginTop: 6 }}>
                {r.refill && <Button size="small" type="primary" onClick={() => again(r)}>填回表单重新提交</Button>}
                <Button size="small" onClick={() => void runStep(() => api.call('sync.dismissRejection', { seq: r.seq }), (m) => message.error(m), (m) => message.success(m), '已标记为已处理')}>已处理/忽略</Button>
              </Space>
            </div>
          } />
      ))}
      {conflicts.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }}
          title={`本案卷有 ${conflicts.length} 处同步冲突待处理：${conflicts.map((c) => `${c.fieldLabel}（服务器为“${c.serverText}”，未生效的修改为“${c.localText}”）`).join('；')}`}
          action={<Button size="small" onClick={() => go({ page: 'sync' })}>去处理</Button>} />
      )}
    </div>
  );
}
