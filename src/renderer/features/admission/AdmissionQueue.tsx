// 准入审核: the cases of the leader's offices whose project awaits review, with 通过 / 不予准入 for
// a first review and 确认不予准入 / 驳回 for a refusal someone else proposed ("窗口无否决权").
import { Alert, App, Button, Input, Space, Table, Tag } from 'antd';
import type { AdmissionQueueItemDto } from '../../../shared/api/index';
import { ADMISSION_STATUSES } from '../../../shared/domain/enums';
import { api, useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { dateTime, label } from '../../ui/format';
import { runStep } from '../cases/parts';

export function AdmissionQueue() {
  const { message, modal } = App.useApp();
  const { data, error, loading } = useApi('admission.queue', {});
  const done = (m: string) => message.success(m);
  const fail = (m: string) => message.error(m);

  /** Asks for the opinion (required for a refusal), then sends the review. */
  const review = (r: AdmissionQueueItemDto, decision: 'approve' | 'refuse') => {
    let text = '';
    modal.confirm({
      title: `${decision === 'approve' ? '准入审核通过' : '不予准入'}：${r.caseNo}`,
      content: (
        <Input.TextArea autoFocus rows={3} data-testid="admission-reason" placeholder={decision === 'approve' ? '审核意见（可不填）' : '不予准入的理由（必填，由另一名领导复核）'} onChange={(e) => { text = e.target.value; }} />
      ),
      okText: decision === 'approve' ? '通过' : '提出不予准入',
      okButtonProps: { danger: decision === 'refuse' },
      cancelText: '取消',
      onOk: async () => {
        if (decision === 'refuse' && text.trim().length < 2) {
          message.error('不予准入须填写理由');
          throw new Error('required');
        }
        await runStep(() => api.call('project.review', { projectId: r.projectId, decision, reason: text.trim() }), fail, done, decision === 'approve' ? `${r.caseNo} 已准入` : `${r.caseNo} 已提出不予准入，待复核`);
      },
    });
  };
  const confirmRefusal = (r: AdmissionQueueItemDto, confirm: boolean) =>
    void runStep(() => api.call('project.confirmRefusal', { projectId: r.projectId, confirm }), fail, done, confirm ? `${r.caseNo} 已确认不予准入` : `已驳回不予准入意见，${r.caseNo} 准予准入`);

  return (
    <div className="page" data-testid="admission-queue" data-ready={data ? '1' : '0'}>
      <div className="page-title">
        <h2>准入审核 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>
          待审核 {data?.total ?? 0} 件{data && data.rows.length < data.total ? `，显示前${data.rows.length}条` : ''}
        </span></h2>
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AdmissionQueueItemDto> size="small" rowKey="caseId" loading={loading} dataSource={data?.rows ?? []} pagination={false}
        locale={{ emptyText: '没有待准入审核的办件' }}
        columns={[
          { title: '案卷', width: 190, render: (_, r) => <a className="mono" onClick={() => go({ page: 'case', id: r.caseId })}>{r.caseNo}</a> },
          { title: '项目', dataIndex: 'projectName', ellipsis: true },
          { title: '项目单位', dataIndex: 'applicantName', ellipsis: true, width: 200 },
          { title: '承办机构', dataIndex: 'orgUnitName', ellipsis: true, width: 170 },
          { title: '登记时间', width: 130, render: (_, r) => dateTime(r.registeredAt) },
          {
            title: '审核', width: 300,
            render: (_, r) => (r.admissionStatus === 'pending' ? (
              <Space>
                <Tag color="blue">{label(ADMISSION_STATUSES, r.admissionStatus)}</Tag>
                <Button size="small" type="primary" onClick={() => review(r, 'approve')}>通过</Button>
                <Button size="small" danger onClick={() => review(r, 'refuse')}>不予准入</Button>
              </Space>
            ) : (
              <div>
                <div><Tag color="red">{label(ADMISSION_STATUSES, r.admissionStatus)}</Tag><span className="muted">{r.proposedBy ?? ''}：{r.reason ?? ''}</span></div>
                {r.proposedByMe ? <span className="muted">本人提出的意见须由另一名领导复核</span> : (
                  <Space style={{ marginTop: 4 }}>
                    <Button size="small" danger onClick={() => confirmRefusal(r, true)}>确认不予准入</Button>
                    <Button size="small" onClick={() => confirmRefusal(r, false)}>驳回（准予准入）</Button>
                  </Space>
                )}
              </div>
            )),
          },
        ]} />
    </div>
  );
}
