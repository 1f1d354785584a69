// 案卷: the case file — header, case actions, print menu and the tabs (one file per tab in tabs/).
import { Alert, App, Button, Card, Input, Select, Space, Tabs, Tag } from 'antd';
import type { CaseFileDto } from '../../../shared/api/index';
import { PRINT_KIND_LABELS } from '../../../shared/api/reference';
import { api, useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { CaseStatusTag, modeText } from '../../ui/format';
import { runStep } from './parts';
import { CASE_ACTIONS, CASE_TRANSITIONS } from '../../../shared/domain/case-status';
import type { CaseAction } from '../../../shared/domain/case-status';
import { Overview } from './tabs/Overview';
import { Entrustments } from './tabs/Entrustments';
import { Plan } from './tabs/Plan';
import { Progress } from './tabs/Progress';
import { Problems } from './tabs/Problems';
import { Materials } from './tabs/Materials';
import { Attachments } from './tabs/Attachments';
import { Transfers } from './tabs/Transfers';
import { Closing } from './tabs/Closing';
import { Evaluations } from './tabs/Evaluations';

export function CaseFile({ id, tab }: { id: string; tab?: string | undefined }) {
  const { data, error, loading } = useApi('case.get', { id }, [id]);
  if (error) return <div className="page"><Alert type="error" showIcon message={error} /></div>;
  if (!data) return <div className="page muted">{loading ? '正在打开案卷…' : ''}</div>;
  return <CaseFileView file={data} tab={tab ?? 'overview'} />;
}

function CaseFileView({ file, tab }: { file: CaseFileDto; tab: string }) {
  const s = file.summary;
  const setTab = (t: string) => go({ page: 'case', id: s.id, tab: t });
  const openProblems = file.problems.filter((p) => p.status === 'open' && !p.withdrawnAt).length;
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
            { key: 'progress', label: `进度（${file.progress.filter((p) => !p.withdrawnAt).length}）`, children: <Progress file={file} /> },
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
