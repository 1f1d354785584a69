// 案卷: the case file — header, case actions, print menu and the tabs (one file per tab in tabs/).
import { Alert, App, Button, Card, Input, Select, Space, Tabs, Tag } from 'antd';
import { useMemo } from 'react';
import { CASE_STATUSES, ENTRUSTMENT_KINDS, ENTRUSTMENT_STATUSES, PLAN_ITEM_STATUSES, TRANSFER_KINDS, TRANSFER_STATUSES } from '../../../shared/domain/enums';
import type { CaseFileDto } from '../../../shared/api/index';
import { PRINT_KIND_LABELS } from '../../../shared/api/reference';
import { api, useApi } from '../../lib/api';
import { mayCall } from '../../lib/access';
import { go } from '../../lib/router';
import { useSession } from '../../lib/session';
import { CaseStatusTag, modeText } from '../../ui/format';
import { runStep } from './parts';
import { CASE_ACTIONS, CASE_TRANSITIONS } from '../../../shared/domain/case-status';
import type { CaseAction } from '../../../shared/domain/case-status';
import { RecordWatchContext } from './record-watch';
import type { WatchedRecord } from './record-watch';
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
import { History } from './tabs/History';

export function CaseFile({ id, tab }: { id: string; tab?: string | undefined }) {
  const { data, error, loading } = useApi('case.get', { id });
  if (error) return <div className="page"><Alert type="error" showIcon message={error} /></div>;
  if (!data) return <div className="page muted">{loading ? '正在打开案卷…' : ''}</div>;
  return <CaseFileView file={data} tab={tab ?? 'overview'} />;
}

function CaseFileView({ file, tab }: { file: CaseFileDto; tab: string }) {
  const s = file.summary;
  const setTab = (t: string) => go({ page: 'case', id: s.id, tab: t });
  const openProblems = file.problems.filter((p) => p.status === 'open' && !p.withdrawnAt).length;
  const pendingTransfer = file.transfers.some((t) => t.status === 'sent');
  const watched = useMemo(() => watchedCase(file), [file]);
  return (
    <RecordWatchContext.Provider value={watched}>
      <div className="page" data-testid="case-file">
        <div className="page-title">
          <h2>
            <span className="mono">{s.caseNo}</span>&emsp;{s.title} <CaseStatusTag status={s.status} />{' '}
            <Tag>{modeText(s.mode, s.helpKind)}</Tag>{pendingTransfer && <Tag color="gold">转办待接收</Tag>}
          </h2>
          <Space>
            <CaseActions file={file} />
            <RegenerateToken caseId={s.id} />
            <PrintMenu caseId={s.id} />
            <ExportArchiveButton caseId={s.id} />
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
              { key: 'history', label: '修改记录', children: <History file={file} /> },
            ]}
          />
        </Card>
      </div>
    </RecordWatchContext.Provider>
  );
}

/** What others change on a case while a form is open on it: its state, people and hand-offs. */
function watchedCase(file: CaseFileDto): WatchedRecord {
  const s = file.summary;
  const parts = [
    `状态：${CASE_STATUSES.labels[s.status]}`,
    `代办员：${s.agentName ?? '未指派'}`,
    ...file.transfers.map((t) => `${TRANSFER_KINDS.labels[t.kind]}至${t.toOrgUnitName}：${TRANSFER_STATUSES.labels[t.status]}`),
    ...(file.plan?.items ?? []).map((i) => `${i.name}：${PLAN_ITEM_STATUSES.labels[i.status]}`),
    ...file.entrustments.map((e) => `${ENTRUSTMENT_KINDS.labels[e.kind]}：${ENTRUSTMENT_STATUSES.labels[e.status]}`),
  ];
  return { version: parts.join('|'), describe: parts.slice(0, 2 + file.transfers.length).join('；') };
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

/** 重新生成查询码: the old card's QR stops working, so the step is confirmed first. */
function RegenerateToken({ caseId }: { caseId: string }) {
  const { message, modal } = App.useApp();
  const user = useSession((st) => st.user);
  if (!mayCall('case.regenerateToken', user)) return null;
  const ask = () => modal.confirm({
    title: '重新生成查询码',
    content: '重新生成后，已发给申请人的联络卡将停止使用（扫码显示“此联络卡已作废，请使用新卡”），需重新打印联络卡交给申请人。确定重新生成吗？',
    okText: '重新生成',
    okButtonProps: { danger: true },
    cancelText: '取消',
    onOk: () => runStep(() => api.call('case.regenerateToken', { caseId }), (m) => message.error(m), (m) => message.success(m), '已重新生成查询码，请重新打印联络卡'),
  });
  return <Button size="small" onClick={ask} data-testid="regenerate-token">重新生成查询码</Button>;
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

/** 导出档案 (admins): opens 档案与备份 with this case chosen. */
function ExportArchiveButton({ caseId }: { caseId: string }) {
  const user = useSession((st) => st.user)!;
  if (!mayCall('archive.start', user)) return null;
  return <Button size="small" onClick={() => go({ page: 'archive', caseId })} data-testid="export-archive">导出档案</Button>;
}
