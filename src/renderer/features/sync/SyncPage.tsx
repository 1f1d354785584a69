// 同步: the sync state with 立即同步, changes the server refused (重新编辑 / 已处理), conflicts to
// resolve (保留服务器的值 / 以本机为准重新提交), enrolment of this desktop (admins), and on an
// enrolled desktop the admin's 终端管理 (codes for offices, the subtree's desktops, 停用).
import { PLAIN_HTTP_WARNING } from '../../../shared/sync/transport';
import { Alert, App, Badge, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { RefusedPulledRowDto, RejectedChangeDto, SyncConflictDto, SyncOverviewDto } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { mayCall } from '../../lib/access';
import { go } from '../../lib/router';
import { useSession } from '../../lib/session';
import { dateTime } from '../../ui/format';
import { runStep } from '../cases/parts';
import { EnrolForm } from './EnrolForm';
import { TerminalsCard } from './TerminalsCard';
import { connectionText, reEdit, roundText, useSyncNow } from './actions';

// One refused change or conflict: a bordered block; its head is one line, long titles cut.
const ITEM = { border: '1px solid #eef0f3', borderRadius: 6, padding: '8px 10px', marginBottom: 8, background: '#fff' } as const;
const HEAD = { display: 'flex', alignItems: 'center', gap: 10, fontSize: 13, minWidth: 0 } as const;
const ELLIPSIS = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: 260 } as const;
const FIELDS = { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '2px 16px', fontSize: 13, wordBreak: 'break-all' } as const;

export function SyncPage() {
  const { data, error } = useApi('sync.overview', {});
  const isAdmin = useSession((s) => mayCall('sync.adminConnect', s.user));
  const { running, runNow } = useSyncNow();
  return (
    <div className="page" data-testid="sync-page" data-ready={data ? '1' : '0'}>
      <div className="page-title">
        <h2>同步</h2>
        <Space>
          <span className="muted">本机的修改先保存在本机，联网后自动上传；服务器拒绝或有冲突的修改在这里处理。</span>
          <Button type="primary" loading={running} disabled={!data?.device} onClick={() => void runNow()} data-testid="sync-page-now">立即同步</Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Row gutter={8}>
        <Col span={16}>
          <Rejections rows={data?.rejections} />
          <Conflicts rows={data?.conflicts} />
          <RefusedRows rows={data?.refusedRows} />
        </Col>
        <Col span={8}>
          <StatusCard data={data} />
          <EnrolCard data={data} />
        </Col>
      </Row>
      {isAdmin && data?.device && <TerminalsCard />}
    </div>
  );
}

function StatusCard({ data }: { data: SyncOverviewDto | undefined }) {
  const s = data?.status;
  const [text, tone] = connectionText(s);
  return (
    <Card size="small" title="同步状态" style={{ marginBottom: 8 }} loading={!data}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="连接"><Badge status={tone} text={text} /></Descriptions.Item>
        <Descriptions.Item label="同步服务器"><span className="mono">{data?.device?.serverUrl ?? '—'}</span></Descriptions.Item>
        <Descriptions.Item label="登记机构">{data?.device?.orgUnitName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="待同步">{s?.pendingChanges ?? 0} 条</Descriptions.Item>
        <Descriptions.Item label="上次同步">{s?.lastSyncAt ? dateTime(s.lastSyncAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label="上次结果">
          {data?.lastRound ? <span className={data.lastRound.ok ? '' : 'danger'}>{roundText(data.lastRound)}</span> : '—'}
        </Descriptions.Item>
      </Descriptions>
      {s?.message && <Alert type="warning" showIcon title={s.message} style={{ marginTop: 8 }} />}
    </Card>
  );
}

function Fields({ r }: { r: RejectedChangeDto }) {
  if (!r.fields.length) return <span className="muted">（无填写内容）</span>;
  return (
    <div style={FIELDS}>
      {r.fields.map((f) => (
        <div key={f.field}><span className="muted">{f.label}：</span>{f.value}</div>
      ))}
    </div>
  );
}

function Rejections({ rows }: { rows: RejectedChangeDto[] | undefined }) {
  const { message } = App.useApp();
  return (
    <Card size="small" title={<span>被拒绝的修改{rows?.length ? <Tag color="red" style={{ marginLeft: 6 }}>{rows.length}</Tag> : null}</span>} style={{ marginBottom: 8 }} data-testid="sync-rejections-card">
      {!rows?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有被服务器拒绝的修改" />
      ) : (
        rows.map((r) => (
          <div key={r.seq} style={ITEM} data-testid="sync-rejection">
            <div style={HEAD}>
              <strong>{r.action}</strong>
              {r.case && <a onClick={() => go({ page: 'case', id: r.case!.id })}>{r.case.caseNo}</a>}
              {r.case && <span className="muted" style={ELLIPSIS}>{r.case.title}</span>}
              <span style={{ flex: 1 }} />
              <span className="muted">{r.authorName ?? '—'} · {dateTime(r.madeAt)}</span>
            </div>
            <Alert type="error" showIcon title={<span>服务器未接受：{r.reason}</span>} style={{ margin: '6px 0' }} />
            <Fields r={r} />
            <Space style={{ marginTop: 6 }}>
              <Tooltip title={r.case ? (r.refill ? '打开案卷，把当时填写的内容填回表单' : '打开案卷，按上面的内容重新填写') : '所属案卷不在本机，请按上面的内容重新登记'}>
                <Button size="small" type="primary" disabled={!r.case} onClick={() => { reEdit(r); if (r.refill) message.info('已把当时填写的内容填回表单，请核对后重新提交'); }}>重新编辑</Button>
              </Tooltip>
              <Popconfirm title="确认已处理或不再需要这条修改？" okText="确认" cancelText="取消"
                onConfirm={() => runStep(() => api.call('sync.dismissRejection', { seq: r.seq }), (m) => message.error(m), (m) => message.success(m), '已标记为已处理')}>
                <Button size="small">已处理/忽略</Button>
              </Popconfirm>
            </Space>
          </div>
        ))
      )}
    </Card>
  );
}

function Conflicts({ rows }: { rows: SyncConflictDto[] | undefined }) {
  const { message } = App.useApp();
  const [asking, setAsking] = useState<SyncConflictDto | null>(null);
  const [reason, setReason] = useState('');
  const resolve = (c: SyncConflictDto, keep: 'server' | 'local', why?: string) =>
    runStep(
      () => api.call('sync.resolveConflict', { conflictId: c.id, keep, ...(why ? { reason: why } : {}) }),
      (m) => message.error(m),
      (m) => { message.success(m); setAsking(null); setReason(''); },
      keep === 'server' ? '已保留服务器的值' : '已按本机的值重新提交，将在下次同步时上传',
    );
  return (
    <Card size="small" title={<span>冲突待处理{rows?.length ? <Tag color="orange" style={{ marginLeft: 6 }}>{rows.length}</Tag> : null}</span>} data-testid="sync-conflicts-card">
      <Modal open={!!asking} title={`重新提交：${asking?.localText ?? ''}`} okText="重新提交" cancelText="取消" destroyOnHidden
        onCancel={() => { setAsking(null); setReason(''); }}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => asking && void resolve(asking, 'local', reason)}>
        <Form layout="vertical">
          <Form.Item label={asking?.resubmitReasonLabel ?? '原因'} required>
            <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="sync-resubmit-reason" />
          </Form.Item>
        </Form>
      </Modal>
      {!rows?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待处理的冲突" />
      ) : (
        rows.map((c) => (
          <div key={c.id} style={ITEM} data-testid="sync-conflict">
            <div style={HEAD}>
              <strong>{c.entityLabel}的“{c.fieldLabel}”被两处同时修改</strong>
              {c.case && <a onClick={() => go({ page: 'case', id: c.case!.id, ...(c.caseTab ? { tab: c.caseTab } : {}) })}>{c.case.caseNo}</a>}
              {c.case && <span className="muted" style={ELLIPSIS}>{c.case.title}</span>}
              <span style={{ flex: 1 }} />
              <span className="muted">{dateTime(c.createdAt)}</span>
            </div>
            <Descriptions size="small" column={2} bordered style={{ margin: '6px 0' }}>
              <Descriptions.Item label="服务器的值（现行）"><Tag color="green">{c.serverText}</Tag></Descriptions.Item>
              <Descriptions.Item label="未生效的修改"><Tag color="orange">{c.localText}</Tag></Descriptions.Item>
            </Descriptions>
            {c.canResolve ? (
              <Space>
                <Popconfirm title={`保留“${c.serverText}”，放弃“${c.localText}”？`} okText="确认" cancelText="取消" onConfirm={() => resolve(c, 'server')}>
                  <Button size="small">保留服务器的值</Button>
                </Popconfirm>
                <Tooltip title={c.resubmitBlocked ?? `以“${c.localText}”作为新的修改重新提交，服务器将重新审核`}>
                  <Button size="small" type="primary" disabled={!!c.resubmitBlocked}
                    onClick={() => (c.resubmitReasonLabel ? setAsking(c) : void resolve(c, 'local'))}>以本机为准重新提交</Button>
                </Tooltip>
                {c.resubmitBlocked && <span className="muted" style={{ fontSize: 12 }}>{c.resubmitBlocked}</span>}
              </Space>
            ) : (
              <span className="muted">{c.resubmitBlocked}</span>
            )}
          </div>
        ))
      )}
    </Card>
  );
}

/** Rows the server sent in a shape this desktop refuses to store; shown only when there are some. */
function RefusedRows({ rows }: { rows: RefusedPulledRowDto[] | undefined }) {
  if (!rows?.length) return null;
  return (
    <Card size="small" style={{ marginTop: 8 }} data-testid="sync-refused-rows-card"
      title={<span>未能保存的服务器数据<Tag color="red" style={{ marginLeft: 6 }}>{rows.length}</Tag></span>}>
      <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="服务器发来的这些记录格式不正确，本机没有保存，其余数据照常同步。请联系管理员在服务器上核对这些记录；改正后下次同步会自动补上。" />
      {rows.map((r) => (
        <div key={`${r.entity}/${r.id}`} style={ITEM} data-testid="sync-refused-row">
          <div style={HEAD}>
            <strong>{r.entityLabel}</strong>
            <span className="mono muted">{r.id}</span>
            <span style={{ flex: 1 }} />
            <span className="muted">{dateTime(r.refusedAt)}</span>
          </div>
          <div style={{ fontSize: 13, marginTop: 4 }}>{r.reason}</div>
        </div>
      ))}
    </Card>
  );
}

function EnrolCard({ data }: { data: SyncOverviewDto | undefined }) {
  const user = useSession((s) => s.user)!;
  const device = data?.device;
  // An enrolled desktop rarely enrols again (revoked token, new server): the form waits behind a link.
  const [again, setAgain] = useState(false);
  return (
    <Card size="small" title="终端登记" data-testid="sync-enrol-card">
      {device?.insecure && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={PLAIN_HTTP_WARNING} data-testid="sync-insecure" />}
      {device ? (
        <Alert type="success" showIcon style={{ marginBottom: 8 }}
          title={`本机已登记到 ${device.orgUnitName ?? '同步服务器'}`}
          description={<span className="mono" style={{ fontSize: 12 }}>终端编号 {device.deviceId.slice(-12)}</span>} />
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title="本机尚未登记，修改只保存在本机。" />
      )}
      {!mayCall('sync.enroll', user) ? (
        <span className="muted">登记终端须由管理员办理：在同步服务器上生成一次性注册码，再在此输入。</span>
      ) : device && !again ? (
        <a onClick={() => setAgain(true)}>重新登记本机（授权失效或更换服务器时）</a>
      ) : (
        <EnrolForm testId="sync-enrol-form" submitText={device ? '重新登记本机' : '登记本机'}
          initialValues={{ serverUrl: device?.serverUrl ?? '', deviceName: `${user.orgUnitName}窗口终端` }}
          onSubmit={async (v) => { await api.call('sync.enroll', v); setAgain(false); }} />
      )}
    </Card>
  );
}
